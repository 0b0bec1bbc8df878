package io.gpwarden.agent.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MappingExpressionTest {
    @Test
    void recognisesTheShapesTheAgentEvaluates() {
        assertThat(MappingExpression.parse("j->>'id'"))
                .isEqualTo(new MappingExpression.JsonField("j", List.of("id"), true, Optional.empty()));
        assertThat(MappingExpression.parse(" ( j -> 'a' ->> 'it''s' )::Double Precision "))
                .isEqualTo(new MappingExpression.JsonField("j", List.of("a", "it's"), true, Optional.of("double precision")));
        assertThat(MappingExpression.parse("CAST(j->>'ts' AS timestamptz)"))
                .isEqualTo(new MappingExpression.JsonField("j", List.of("ts"), true, Optional.of("timestamptz")));
        assertThat(MappingExpression.parse("j->'a'"))
                .isEqualTo(new MappingExpression.JsonField("j", List.of("a"), false, Optional.empty()));
        assertThat(MappingExpression.parse("amount::numeric(10,2)"))
                .isEqualTo(new MappingExpression.ColumnRef("amount", Optional.of("numeric(10,2)")));
        assertThat(MappingExpression.parse("Id")).isEqualTo(new MappingExpression.ColumnRef("id", Optional.empty()));
    }

    @Test
    void anythingElseIsLeftToTheDatabase() {
        for (String s : List.of("upper(j->>'d')", "(j->>'a')::int + 1", "j->'a'->0", "j->>'a' || 'x'",
                "coalesce(j->>'a', 'x')", "'lit'", "1", "j->>'a'::int::text")) {
            assertThat(MappingExpression.parse(s)).as(s).isInstanceOf(MappingExpression.Sql.class);
        }
    }
}
