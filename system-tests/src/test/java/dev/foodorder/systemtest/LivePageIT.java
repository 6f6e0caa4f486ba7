package dev.foodorder.systemtest;

import dev.foodorder.events.Topics;
import dev.foodorder.infrastructure.local.DemoTokens;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static dev.foodorder.systemtest.RunningSystem.ANALYTICS;
import static dev.foodorder.systemtest.RunningSystem.NOTIFICATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 12: the live page in a real browser (headless Chromium), as a newcomer uses it. An order
 * placed from its form shows up PENDING and turns CONFIRMED, its events appear in the lanes of one
 * partition number on both topics, the figures count it and the stock goes down by its lines; a record a consumer cannot process
 * appears among the dead letters with its error; a stopped consumer's lag grows and drains once it is
 * back. Everything is read from what the page shows, through the hooks {@code live.js} documents.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver}, which {@code .ci/run} installs. Where
 * they are missing the scenario is skipped, unless {@code LIVE_PAGE_BROWSER_REQUIRED=true} (as on CI).
 */
@SystemTest
@Order(12)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("12. The live page in a real browser: an order from its form, its events, a dead letter, a consumer's lag")
class LivePageIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration ON_SCREEN_WITHIN = Duration.ofSeconds(30);

    private static Scenario scenario;
    private static ChromeDriver browser;
    private final RunningSystem system;

    LivePageIT(RunningSystem system) {
        this.system = system;
    }

    @BeforeAll
    static void openThePage(RunningSystem system) {
        var present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && Boolean.parseBoolean(System.getenv("LIVE_PAGE_BROWSER_REQUIRED"))) {
            throw new IllegalStateException("The browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (apt-get install chromium chromium-driver; .ci/run does it)");
        }
        Assumptions.assumeTrue(present, "No " + CHROMIUM + " or " + CHROMEDRIVER + ": apt-get install chromium chromium-driver");
        scenario = Scenario.begin(system, 12, "The live page in headless Chromium").stockUp(1000, 10);
        var options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                // As root (CI containers), Chromium runs only without its sandbox.
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1440,1600");
        var driver = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        browser = new ChromeDriver(driver, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        browser.get("http://localhost:" + system.process(ANALYTICS).port() + "/");
        // The page sends the browser to the identity service to sign in, as staff, and is sent back with a code.
        await("the identity service's sign-in form").atMost(ON_SCREEN_WITHIN)
                .until(() -> !browser.findElements(By.id("username")).isEmpty());
        type(By.id("username"), "staff");
        type(By.id("password"), DemoTokens.DEMO_PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        await("the page connected to the live stream").atMost(ON_SCREEN_WITHIN)
                .until(() -> "open".equals(attribute("#connection", "data-state")));
    }

    @AfterAll
    static void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    @Order(1)
    void anOrderPlacedFromTheFormTurnsFromPendingToConfirmedWithItsEventsOnOnePartitionAndTakesItsStock() {
        var placedBefore = figure("placed");
        var margheritasBefore = await("the stock on the page").atMost(ON_SCREEN_WITHIN)
                .until(() -> available("margherita"), available -> available >= 0);
        await("the menu on the form").atMost(ON_SCREEN_WITHIN)
                .until(() -> !browser.findElements(By.cssSelector("#menu-items input[data-sku='margherita']")).isEmpty());
        type(By.id("customer-id"), scenario.customer(1));
        type(By.id("customer-email"), scenario.customer(1) + "@example.org");
        // The form comes with a suggestion filled in: this customer wants two margheritas and nothing else.
        browser.findElements(By.cssSelector("#menu-items input[data-sku]")).forEach(quantity -> type(quantity, "0"));
        type(By.cssSelector("#menu-items input[data-sku='margherita']"), "2");
        var clicked = System.nanoTime();
        browser.findElement(By.id("place-order-submit")).click();

        var orderId = UUID.fromString(await("the order on the page").atMost(ON_SCREEN_WITHIN)
                .until(() -> attribute("#my-orders li[data-order-id][data-origin='form']", "data-order-id"), Objects::nonNull));
        scenario.placed(orderId, scenario.customer(1), Map.of("margherita", 2));
        await("order " + orderId + " CONFIRMED on the page").atMost(ON_SCREEN_WITHIN)
                .until(() -> "CONFIRMED".equals(attribute("#my-orders li[data-order-id='" + orderId + "']", "data-status")));
        scenario.note("CONFIRMED on the page %d ms after the click (Awaitility polls every 100 ms)",
                Math.round((System.nanoTime() - clicked) / 1e6));
        assertThat(system.orders().get(orderId).status()).isEqualTo("CONFIRMED");

        // The order id is the key of its events on both topics: one partition number, in the order they happened.
        var records = await("its events in the lanes").atMost(ON_SCREEN_WITHIN)
                .until(() -> records(orderId), shown -> shown.stream().map(record -> record.get("data-type")).toList()
                        .containsAll(List.of("food.order.placed.v1", "food.inventory.stock-reserved.v1", "food.order.confirmed.v1")));
        assertThat(records).extracting(record -> record.get("data-partition")).containsOnly(records.getFirst().get("data-partition"));
        assertThat(records).extracting(record -> record.get("data-topic")).contains(Topics.ORDERS, Topics.INVENTORY);
        await("the figures count it").atMost(ON_SCREEN_WITHIN).until(() -> figure("placed") > placedBefore);
        await("two margheritas fewer in stock on the page").atMost(ON_SCREEN_WITHIN)
                .until(() -> available("margherita") == margheritasBefore - 2);

        screenshot();
    }

    @Test
    @Order(2)
    void aRecordNoConsumerCanProcessAppearsAmongTheDeadLettersWithItsError() throws Exception {
        var key = "live-page-poison-" + UUID.randomUUID();
        try (var producer = new KafkaProducer<>(system.kafkaClient(),
                new StringSerializer(), new ByteArraySerializer())) {
            // No CloudEvents headers at all: every consumer of the topic parks it.
            producer.send(new ProducerRecord<>(Topics.ORDERS, key, "not an event".getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
        }

        var row = "#dead-letters tr[data-key='" + key + "']";
        var topic = await("the dead letter on the page").atMost(ON_SCREEN_WITHIN)
                .until(() -> attribute(row, "data-topic"), Objects::nonNull);
        assertThat(topic).isEqualTo(Topics.deadLetter(Topics.ORDERS));
        assertThat(text(row + " td[data-field='exception']")).isNotBlank();
        assertThat(text(row + " td[data-field='original']")).contains(Topics.ORDERS);
    }

    @Test
    @Order(3)
    void aStoppedConsumersLagGrowsOnThePageAndDrainsOnceItIsBack() {
        system.process(NOTIFICATION).stop();
        try {
            for (int i = 0; i < 5; i++) {
                scenario.place(scenario.customer(2), Map.of("espresso", 1));
            }
            await("notification-service's lag on the page").atMost(ON_SCREEN_WITHIN)
                    .until(() -> lag("notification-service") > 0);
        } finally {
            system.restart(NOTIFICATION);
        }
        await("notification-service's lag drained").atMost(ON_SCREEN_WITHIN)
                .until(() -> lag("notification-service") == 0);
        scenario.assertBooksBalance(Duration.ofMinutes(1));
    }

    /**
     * The given attributes of every element the selector finds, read in the page in one step: the panels are
     * drawn anew at every update, so an element found first and read after may be gone by then
     * (StaleElementReferenceException).
     */
    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> attributes(String selector, String... names) {
        return (List<Map<String, String>>) browser.executeScript("""
                return Array.from(document.querySelectorAll(arguments[0]))
                    .map(found => Object.fromEntries(arguments[1].map(name => [name, found.getAttribute(name)])));""",
                selector, List.of(names));
    }

    private static String attribute(String selector, String name) {
        var found = attributes(selector, name);
        return found.isEmpty() ? null : found.getFirst().get(name);
    }

    /** The text of the first element the selector finds, or null; read in one step, as {@link #attributes}. */
    private static String text(String selector) {
        return (String) browser.executeScript(
                "const found = document.querySelector(arguments[0]); return found ? found.textContent : null;", selector);
    }

    private static void type(By field, String text) {
        type(browser.findElement(field), text);
    }

    private static void type(WebElement input, String text) {
        input.clear();
        input.sendKeys(text);
    }

    /** A total of the figures panel; -1 while it shows none ("—"). */
    private static long figure(String name) {
        var shown = text("#figures [data-figure='" + name + "'] dd");
        var digits = shown == null ? "" : shown.replaceAll("[^0-9]", "");
        return digits.isEmpty() ? -1 : Long.parseLong(digits);
    }

    /** Units of the sku available, as the stock panel shows them; -1 while it shows none. */
    private static long available(String sku) {
        var shown = attribute("#stock [data-sku='" + sku + "']", "data-available");
        return shown == null ? -1 : Long.parseLong(shown);
    }

    private static long lag(String group) {
        var total = attribute("#lag [data-group='" + group + "']", "data-total");
        return total == null ? -1 : Long.parseLong(total);
    }

    /** The records of one order that the lanes show: the data-topic, -partition, -offset and -type of each. */
    private static List<Map<String, String>> records(UUID orderId) {
        return attributes("#lanes .record[data-key='" + orderId + "']", "data-topic", "data-partition", "data-offset", "data-type");
    }

    /** The page as the README shows it, written to target/ (docs/images/live-page.png is a copy of one). */
    private static void screenshot() {
        var file = browser.getScreenshotAs(OutputType.FILE).toPath();
        try {
            Files.copy(file, Path.of(System.getProperty("project.build.directory", "target"), "live-page.png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
