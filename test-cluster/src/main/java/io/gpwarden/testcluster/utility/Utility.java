package io.gpwarden.testcluster.utility;

/**
 * One emulated Greenplum utility. Options are picocli fields of the implementing class (parsed
 * before {@link #run}); {@link #run} returns the exit code Greenplum's utility would, or throws
 * {@link UtilityFailure} with the message and exit code it would print.
 */
public interface Utility {
    int run(UtilityContext context) throws Exception;
}
