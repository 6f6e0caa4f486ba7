package dev.foodorder.bench;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SvgChartTest {

    @Test
    void drawsEverySeriesWithItsLegendAndTheStepsAsWellFormedSvg() throws Exception {
        var svg = new SvgChart("Latency <per second>", "ms", true)
                .step(0, 5, "open 100/s")
                .line("e2e p99", List.of(new double[]{0.5, 12}, new double[]{1.5, Double.NaN}, new double[]{2.5, 3400}))
                .dashed("accept p99", List.of(new double[]{0.5, 2}, new double[]{2.5, 4}))
                .render();

        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));

        assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg).contains("Latency &lt;per second&gt;", "e2e p99", "accept p99", "open 100/s", "(log scale)");
        // Decades from 1 to 10,000 ms: 1 and 3,400 both readable.
        assertThat(svg).contains(">1<", ">10,000<");
        assertThat(document.getElementsByTagName("path").getLength()).isEqualTo(2);
    }

    @Test
    void choosesTicksAPersonReadsAtAGlance() {
        assertThat(SvgChart.niceStep(7)).isEqualTo(10);
        assertThat(SvgChart.niceStep(130)).isEqualTo(200);
        assertThat(SvgChart.niceStep(0.3)).isEqualTo(0.5);
    }
}
