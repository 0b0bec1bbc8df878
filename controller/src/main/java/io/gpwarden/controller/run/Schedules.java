package io.gpwarden.controller.run;

import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's periodic work on Quartz (in memory, no database): the tick every probe
 * interval, the catalog read every few seconds, the disk read every few minutes, each on its own
 * thread so a slow catalog or a hanging {@code df} never delays a probe round.
 *
 * <p>Invariants: a job never runs twice at once (a late run is skipped, not queued: after a
 * stall the schedule resumes at the next due time instead of firing a burst of catch-up runs);
 * a job that throws is logged and runs again at its next time.
 */
public final class Schedules implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Schedules.class);
    private static final String TASK = "task";

    private final Scheduler scheduler;

    public Schedules(String name) throws SchedulerException {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "gpwarden-" + name + "-" + UUID.randomUUID());
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.threadCount", "4");
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "gpwarden-" + name);
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        // A run more than this late counts as misfired and is skipped (see the class comment).
        p.setProperty("org.quartz.jobStore.misfireThreshold", "500");
        scheduler = new StdSchedulerFactory(p).getScheduler();
    }

    /** Runs {@code task} every {@code interval}, the first time after {@code initialDelay}. */
    public void every(String name, Duration interval, Duration initialDelay, Runnable task) throws SchedulerException {
        JobDataMap data = new JobDataMap();
        data.put(TASK, task);
        JobDetail job = JobBuilder.newJob(RunnableJob.class).withIdentity(name).usingJobData(data).build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(name)
                .startAt(new java.util.Date(System.currentTimeMillis() + initialDelay.toMillis()))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(interval.toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        scheduler.scheduleJob(job, trigger);
    }

    public void start() throws SchedulerException {
        scheduler.start();
    }

    @Override
    public void close() {
        try {
            scheduler.shutdown(true);
        } catch (SchedulerException e) {
            log.warn("stopping the scheduler: {}", e.toString());
        }
    }

    /** Quartz instantiates jobs itself; this one runs the {@link Runnable} handed over in its data map. */
    @DisallowConcurrentExecution
    public static final class RunnableJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            Runnable task = (Runnable) context.getMergedJobDataMap().get(TASK);
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("scheduled job {} failed; it runs again at its next time", context.getJobDetail().getKey(), e);
            }
        }
    }
}
