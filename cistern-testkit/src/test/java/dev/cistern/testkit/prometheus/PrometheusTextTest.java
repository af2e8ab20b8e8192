package dev.cistern.testkit.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    @Test
    void readsFamiliesSamplesLabelsAndSpecialValues() {
        PrometheusText text = PrometheusText.parse("""
                # HELP up whether it is up
                # TYPE up gauge
                up{pool="a",note="say \\"hi\\"\\\\n"} 1
                up{pool="b"} NaN
                requests_total 12 1700000000000
                latency_bucket{le="+Inf"} +Inf
                """);
        assertThat(text.type("up")).isEqualTo("gauge");
        assertThat(text.value("up", "pool", "a")).isEqualTo(1.0);
        assertThat(text.samples().get(0).labels()).containsEntry("note", "say \"hi\"\\n");
        assertThat(text.value("up", "pool", "b")).isNaN();
        assertThat(text.value("requests_total")).isEqualTo(12.0);
        assertThat(text.value("latency_bucket", "le", "+Inf")).isInfinite();
        assertThatThrownBy(() -> text.value("up")).hasMessageContaining("2 samples of up");
    }

    @Test
    void rejectsWhatPrometheusWouldReject() {
        assertThatThrownBy(() -> PrometheusText.parse("db.client.count 1\n"))
                .hasMessageContaining("line 1").hasMessageContaining("bad metric name");
        assertThatThrownBy(() -> PrometheusText.parse("x{pool=a} 1\n")).hasMessageContaining("not quoted");
        assertThatThrownBy(() -> PrometheusText.parse("x{1pool=\"a\"} 1\n")).hasMessageContaining("bad label name");
        assertThatThrownBy(() -> PrometheusText.parse("x one\n")).hasMessageContaining("not valid");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE x gauge\n# TYPE x counter\n"))
                .hasMessageContaining("second TYPE line");
    }
}
