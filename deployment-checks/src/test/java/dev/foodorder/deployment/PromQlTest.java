package dev.foodorder.deployment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link PromQl} passes the expressions the alerts are made of and finds the mistakes it is there for. */
class PromQlTest {

    @Test
    void aggregationsSetOperatorsOffsetsSubqueriesAndStringsWithBracketsPass() {
        assertThat(PromQl.problems("sum by (namespace, topic) (increase(a_total{topic=~\".+[.]DLT\", x!=\"}{\"}[15m])) > 0 "
                + "or sum without (pod) (a_total unless a_total offset 15m) > 0 and on (topic) (max_over_time(b[1h:5m]) >= bool 1e3)"))
                .isEmpty();
        assertThat(PromQl.problems("histogram_quantile(0.99, sum by (le) (rate(c_bucket{le!=\"+Inf\",}[5m])))")).isEmpty();
    }

    @Test
    void anUnbalancedBracketIsFound() {
        assertThat(PromQl.problems("max by (application) (outbox_oldest_age_seconds > 60"))
                .singleElement().asString().contains("'(' at 21 is not closed");
        assertThat(PromQl.problems("rate(x_total[5m)]")).first().asString().contains("closes nothing");
    }

    @Test
    void anUnclosedStringIsFound() {
        assertThat(PromQl.problems("x_total{topic=\"orders}")).anySatisfy(problem -> assertThat(problem).contains("not closed"));
    }

    @Test
    void aMisspeltFunctionIsFound() {
        assertThat(PromQl.problems("sum(rat(x_total[5m]))")).containsExactly("rat(...) is no PromQL function or aggregation");
    }

    @Test
    void aRangeFunctionGivenNoRangeIsFound() {
        assertThat(PromQl.problems("increase(x_total) > 0")).containsExactly("increase(...) takes a range vector, and is given no [range]");
    }

    @Test
    void aLabelMatcherThatIsNotOneIsFound() {
        assertThat(PromQl.problems("x_total{application=order-service}")).singleElement().asString().contains("no label matcher");
        assertThat(PromQl.problems("x_total{application==\"order-service\"}")).singleElement().asString().contains("no label matcher");
    }

    @Test
    void aRangeOrOffsetThatIsNoDurationIsFound() {
        assertThat(PromQl.problems("rate(x_total[5 minutes])")).singleElement().asString().contains("neither a range nor a subquery");
        assertThat(PromQl.problems("x_total offset 15")).containsExactly("offset 15 is not a duration");
    }

    @Test
    void aGrafanaVariableLeftInAnExpressionIsFound() {
        assertThat(PromQl.problems("rate(x_total{application=~\"$application\"}[$__rate_interval])"))
                .contains("a Grafana variable ($...) is left; Prometheus does not replace it")
                .noneSatisfy(problem -> assertThat(problem).contains("matcher"));
    }
}
