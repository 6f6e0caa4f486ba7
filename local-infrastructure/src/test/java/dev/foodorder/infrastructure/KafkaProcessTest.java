package dev.foodorder.infrastructure;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaProcessTest {

    @Test
    void aWindowsDataDirectorySurvivesTheBrokersPropertiesFile() throws IOException {
        var windows = Path.of("C:\\Users\\ada\\repo\\.local\\kafka\\data");
        var read = new Properties();

        read.load(new StringReader("log.dirs=" + KafkaProcess.propertiesPath(windows)));

        assertThat(read.getProperty("log.dirs")).isEqualTo("C:/Users/ada/repo/.local/kafka/data");
    }
}
