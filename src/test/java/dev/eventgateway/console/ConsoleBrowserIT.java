package dev.eventgateway.console;

import com.sun.net.httpserver.HttpServer;
import dev.eventgateway.crypto.Secret;
import dev.eventgateway.publish.EventHeaders;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayStack;
import dev.eventgateway.support.KafkaProbe;
import dev.eventgateway.worker.DeadLetterHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code .ci/run} installs where missing) against the test gateway with its real Kafka and PostgreSQL: an operator's
 * round trip through every page, the refusals (wrong token, expired session, cross-site POST), and an accessibility
 * check of each page at 1,280 and 390 pixels wide. Screenshots of each page go to {@code target/console-screenshots}
 * (copied to {@code docs/console/} for the README).
 */
@GatewayIT
class ConsoleBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target", "console-screenshots");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static WebDriver driver;
    private static String a11yCheck;

    @BeforeAll
    static void browser() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            System.err.println("\n*** ConsoleBrowserIT SKIPPED: no " + CHROMIUM + " / " + CHROMEDRIVER
                    + " on this machine (apt-get install -y chromium chromium-driver; .ci/run does) ***\n");
            Assumptions.abort("no chromium and chromedriver to drive");
        }
        try (InputStream in = ConsoleBrowserIT.class.getResourceAsStream("/console/a11y-check.js")) {
            a11yCheck = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--window-size=1280,900", "--hide-scrollbars", "--force-device-scale-factor=1");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void closeBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void anOperatorWorksThroughEveryPageAndTheConsoleRefusesWhatItMust(GatewayStack stack) throws Exception {
        String base = "http://127.0.0.1:" + stack.gateway().httpPort();
        WebDriverWait wait = new WebDriverWait(driver, WAIT);

        // a wrong token is refused on the sign-in page
        driver.get(base + "/console/");
        wait.until(ExpectedConditions.urlContains("/console/sign-in.html"));
        check("sign-in");
        shot("sign-in");
        signIn("not-the-token");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sign-in-error"), "INVALID_AUTH_TOKEN"));

        signIn(GatewayStack.ADMIN_TOKEN);
        wait.until(ExpectedConditions.urlContains("#/webhooks"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#create-webhook")));
        Cookie session = driver.manage().getCookieNamed(ConsoleSessions.COOKIE);
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        assertThat(session.getExpiry()).isAfter(new java.util.Date());

        // the create form starts on the admin API's own default provider
        assertThat(new Select(driver.findElement(By.cssSelector("#create-webhook select[name=provider]")))
                .getFirstSelectedOption().getAttribute("value")).isEqualTo("whats91");

        // create a Meta webhook: app secret and verify token are what Meta needs
        String senderId = "97" + (System.nanoTime() % 10_000_000_000L);
        new Select(driver.findElement(By.cssSelector("#create-webhook select[name=provider]"))).selectByValue("meta");
        driver.findElement(By.cssSelector("#create-webhook input[name=name]")).sendKeys("Console test " + senderId);
        driver.findElement(By.cssSelector("#create-webhook input[name=senderId]")).sendKeys(senderId);
        driver.findElement(By.cssSelector("#create-webhook input[name=signingSecret]")).sendKeys("console-app-secret");
        driver.findElement(By.cssSelector("#create-webhook input[name=verificationToken]")).sendKeys("console-verify");
        driver.findElement(By.cssSelector("#create-webhook button[type=submit]")).click();
        String uid = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("created-uid"))).getText();
        assertThat(uid).startsWith("wh_");
        assertThat(stack.admin().get("/api/v2/webhooks/" + uid).body()).contains("\"provider\":\"meta\"");

        // send a test event (a signed Meta status through the real ingress path), then an inbound text
        String messageId = testEvent(wait, uid, "message.status.delivered");
        String inboundId = testEvent(wait, uid, "message.inbound.text");
        testEvent(wait, uid, "contact.preferences_update");
        testEvent(wait, uid, "template.status_update");
        assertThat(stack.kafka().recordsContaining(stack.topic("messages.status"), messageId)).hasSize(1);

        // a webhook without a name shows its uid once; deleting it from the console frees its URL
        String unnamed = stack.admin().post("/api/v2/webhooks", new io.vertx.core.json.JsonObject()
                .put("senderId", senderId)).data().getString("webhookUid");
        driver.navigate().refresh();
        WebElement unnamedCell = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("[data-webhook='" + unnamed + "']")));
        assertThat(unnamedCell.getText().split(unnamed, -1)).as(unnamedCell.getText()).hasSize(2);
        check("webhooks");
        shot("webhooks");
        driver.findElement(By.cssSelector("button[data-delete='" + unnamed + "']")).click();
        driver.switchTo().alert().accept();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("deleted"), unnamed));
        wait.until(d -> d.findElements(By.cssSelector("[data-webhook='" + unnamed + "']")).isEmpty());
        assertThat(stack.admin().get("/api/v2/webhooks/" + unnamed).status()).isEqualTo(404);
        assertThat(driver.findElements(By.cssSelector("button[data-delete='" + GatewayStack.WHATS91.uid() + "']")))
                .as("a declared webhook has no delete button").isEmpty();

        // an unsigned POST is refused, and the console says why
        HttpResponse<String> unsigned = stack.post("/webhooks/" + uid, "{}".getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
        assertThat(unsigned.statusCode()).isEqualTo(401);

        driver.get(base + "/console/#/traffic?webhookUid=" + uid);
        wait.until(d -> text(d).contains(uid) && text(d).contains("accepted:"));
        wait.until(d -> d.findElements(By.xpath("//table[caption='Recent refused requests']//td[contains(., '"
                + uid + "')]/following-sibling::td[contains(., 'missing signature')]")).size() == 1);
        assertThat(text(driver)).contains("401 UNAUTHORIZED").contains("127.0.0.1").contains("p99");
        assertThat(headingAbove("Requests per webhook")).isEqualTo("Requests per webhook");
        assertThat(headingAbove("Recent refused requests")).isEqualTo("Recent refused requests");
        check("traffic");
        shot("traffic");

        // the message's timeline, once the timeline worker has it
        driver.get(base + "/console/#/webhooks");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#create-webhook")));
        driver.get(base + "/console/#/messages?messageId=" + messageId);
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            driver.navigate().refresh();
            assertThat(new WebDriverWait(driver, Duration.ofSeconds(3)).until(
                    ExpectedConditions.visibilityOfElementLocated(By.id("latest-status"))).getText())
                    .isEqualTo("delivered");
        });
        check("messages");
        shot("messages");

        // the inbound test event's timeline shows what the customer wrote
        driver.get(base + "/console/#/messages?messageId=" + inboundId);
        WebElement open = await().atMost(WAIT).ignoreExceptions().until(() -> {
            driver.navigate().refresh();
            return new WebDriverWait(driver, Duration.ofSeconds(3)).until(
                    ExpectedConditions.elementToBeClickable(By.linkText("Open the conversation")));
        }, e -> e != null);
        assertThat(driver.findElement(By.id("message-text")).getText()).isEqualTo(sampleText());
        check("inbound message");

        // its conversation, with the service window and the preference the preferences event set
        open.click();
        wait.until(d -> text(d).contains("Service window") && text(d).contains(inboundId));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            driver.navigate().refresh();
            assertThat(new WebDriverWait(driver, Duration.ofSeconds(3)).until(ExpectedConditions
                    .visibilityOfElementLocated(By.id("marketing-preference"))).getText())
                    .contains("opted out").contains("stop");
        });
        // a conversation has a URL of its own: opened from the list, the address names it, and loads it again
        driver.get(base + "/console/#/conversations");
        WebElement customer = wait.until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//table[caption='Conversations']//a[contains(@href, 'phone=')]")));
        customer.click();
        wait.until(ExpectedConditions.urlContains("phone="));
        String conversationUrl = driver.getCurrentUrl();
        driver.get(base + "/console/#/webhooks");
        driver.get(conversationUrl);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("conversation-title")));
        assertThat(driver.findElement(By.id("marketing-preference")).getText()).isNotBlank();
        driver.get(base + "/console/#/messages?messageId=" + inboundId);
        wait.until(ExpectedConditions.elementToBeClickable(By.linkText("Open the conversation"))).click();
        wait.until(d -> text(d).contains("opted out") && text(d).contains(inboundId));
        check("conversations");
        shot("conversations");

        driver.get(base + "/console/#/templates");
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            driver.navigate().refresh();
            new WebDriverWait(driver, Duration.ofSeconds(3)).until(d -> d.findElements(By.xpath(
                    "//table[caption='Notifications sent']//td[contains(., 'payment_reminder_v1')]")).size() > 0
                    && d.findElements(By.xpath("//table[caption='Templates']//td[contains(., 'payment_reminder_v1')]"))
                    .size() > 0);
        });
        check("templates");
        shot("templates");

        // a dead letter, as the crm worker writes one, re-enqueued from the console
        String place = deadLetter(stack, inboundId);
        driver.get(base + "/console/#/dead-letters?worker=crm");
        By requeue = By.cssSelector("button[data-requeue='" + place + "']");
        WebElement button = await().atMost(WAIT).ignoreExceptions().until(() -> {
            driver.navigate().refresh();
            return new WebDriverWait(driver, Duration.ofSeconds(5)).until(
                    ExpectedConditions.elementToBeClickable(requeue));
        }, e -> e != null);
        check("dead-letters");
        shot("dead-letters");
        button.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("requeued"), place));
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                stack.kafka().recordsContaining(stack.topic("messages.inbound"), inboundId))
                .anySatisfy(r -> assertThat(KafkaProbe.header(r, DeadLetterHeaders.REQUEUED_FROM)).isEqualTo(place)));

        // every page at a phone's width
        driver.manage().window().setSize(new Dimension(390, 844));
        for (String page : List.of("webhooks", "traffic", "messages", "conversations", "templates",
                "dead-letters")) {
            driver.get(base + "/console/#/" + page);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("main h1")));
            check(page + " at 390 px");
            if (page.equals("webhooks") || page.equals("traffic")) {
                shot(page + "-390");
            }
        }
        driver.manage().window().setSize(new Dimension(1280, 900));

        refusals(stack, base, uid, wait);
    }

    /** Wrong or missing CSRF token, a cross-site POST from another site's page, an expired session. */
    private void refusals(GatewayStack stack, String base, String uid, WebDriverWait wait) throws Exception {
        String cookie = ConsoleSessions.COOKIE + "=" + driver.manage().getCookieNamed(ConsoleSessions.COOKIE)
                .getValue();
        String disable = "{\"webhook\":{\"status\":\"INACTIVE\"}}";
        // the session alone (no CSRF header) does not open the admin API, nor does a wrong CSRF token
        assertThat(send(stack, HttpRequest.newBuilder(stack.uri("/api/v2/webhooks/" + uid)).header("Cookie", cookie)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(disable)))
                .statusCode()).isEqualTo(401);
        assertThat(send(stack, HttpRequest.newBuilder(stack.uri("/api/v2/webhooks/" + uid)).header("Cookie", cookie)
                .header(ConsoleSessions.CSRF_HEADER, "forged").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(disable))).statusCode()).isEqualTo(401);
        // a console call with the session and its token, but from another origin
        HttpResponse<String> crossOrigin = send(stack, HttpRequest.newBuilder(stack.uri("/console/api/sign-out"))
                .header("Cookie", cookie).header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(crossOrigin.statusCode()).isEqualTo(403);
        assertThat(crossOrigin.body()).contains("CROSS_SITE_REQUEST");

        // a page on another site posts a form to the console while the operator is signed in
        HttpServer evil = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        String target = base + "/console/api/webhooks/" + uid + "/test-event";
        evil.createContext("/", exchange -> {
            byte[] page = ("<!doctype html><html><body><form id=f method=post action='" + target + "'>"
                    + "<input name=type value='message.inbound.text'></form>"
                    + "<script>document.getElementById('f').submit()</script></body></html>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        evil.start();
        try {
            driver.get("http://localhost:" + evil.getAddress().getPort() + "/");
            wait.until(d -> d.getCurrentUrl().startsWith(base));
            assertThat(driver.getPageSource()).contains("CROSS_SITE_REQUEST").doesNotContain("Test event sent");
        } finally {
            evil.stop(0);
        }
        assertThat(stack.admin().get("/api/v2/webhooks/" + uid).body()).contains("\"status\":\"ACTIVE\"");

        // a session whose time is up: validly signed, but expired
        Clock nineHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(9)), ZoneOffset.UTC);
        String expired = new ConsoleSessions(Secret.ofNullable(GatewayStack.ADMIN_TOKEN), Console.SESSION_TTL, false,
                nineHoursAgo).open();
        driver.get(base + "/console/sign-in.html");
        driver.manage().deleteCookieNamed(ConsoleSessions.COOKIE);
        driver.manage().addCookie(new Cookie.Builder(ConsoleSessions.COOKIE, expired).path("/").isHttpOnly(true)
                .sameSite("Strict").build());
        driver.get(base + "/console/#/webhooks");
        wait.until(ExpectedConditions.urlContains("/console/sign-in.html"));
        assertThat(send(stack, HttpRequest.newBuilder(stack.uri("/console/api/session"))
                .header("Cookie", ConsoleSessions.COOKIE + "=" + expired).GET()).statusCode()).isEqualTo(401);
    }

    private static void signIn(String token) {
        WebElement input = new WebDriverWait(driver, WAIT)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        input.clear();
        input.sendKeys(token);
        driver.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
    }

    /** Sends a test event of this type from the webhook's row; returns the sample's message id (null: none). */
    private static String testEvent(WebDriverWait wait, String uid, String type) {
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.xpath("//tr[.//button[@data-test-event='" + uid + "']]")));
        new Select(row.findElement(By.cssSelector("select[name=type]"))).selectByValue(type);
        row.findElement(By.cssSelector("button[data-test-event]")).click();
        wait.until(d -> d.findElements(By.id("test-event-result")).size() == 1
                && d.findElement(By.id("test-event-result")).getText().contains(type));
        assertThat(driver.findElement(By.id("test-event-status")).getText()).isEqualTo("200");
        assertThat(driver.findElement(By.cssSelector("#test-event-result pre")).getText()).contains("\"accepted\"");
        List<WebElement> link = driver.findElements(By.id("test-event-message"));
        return link.isEmpty() ? null : link.get(0).getText();
    }

    /** Writes the inbound record of this message to the crm DLQ, with the headers the crm worker gives a letter. */
    private static String deadLetter(GatewayStack stack, String messageId) throws Exception {
        String source = stack.topic("messages.inbound");
        ConsumerRecord<String, byte[]> record = await().atMost(WAIT).until(
                () -> stack.kafka().recordsContaining(source, messageId), r -> !r.isEmpty()).get(0);
        ProducerRecord<String, byte[]> letter = new ProducerRecord<>(stack.topic("crm.dlq"), null, record.key(),
                record.value());
        record.headers().forEach(letter.headers()::add);
        Map.of(DeadLetterHeaders.SOURCE_TOPIC, source,
                DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(record.partition()),
                DeadLetterHeaders.SOURCE_OFFSET, Long.toString(record.offset()),
                DeadLetterHeaders.REASON, "exhausted",
                DeadLetterHeaders.ATTEMPTS, "3",
                DeadLetterHeaders.ERROR, "console test: the database refused the row " + UUID.randomUUID(),
                DeadLetterHeaders.FAILED_AT, Instant.now().toString(),
                DeadLetterHeaders.EVENT_ID, String.valueOf(KafkaProbe.header(record, EventHeaders.CE_ID)))
                .forEach((k, v) -> letter.headers().add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", stack.servers().kafkaBootstrap()), new StringSerializer(),
                new ByteArraySerializer())) {
            RecordMetadata sent = producer.send(letter).get(30, TimeUnit.SECONDS);
            return sent.topic() + "/" + sent.partition() + "/" + sent.offset();
        }
    }

    /**
     * What every page must pass: accessibility, no debris of a script's values in its text ({@code [object …]},
     * {@code null}, {@code undefined}; a word quoted as {@code 'null'} is a stored error message's, such as a JSON
     * parser's on a dead letter, not debris), and every sender or phone number in a table on one line.
     */
    @SuppressWarnings("unchecked")
    private static void check(String page) {
        List<String> problems = (List<String>) ((JavascriptExecutor) driver).executeScript(a11yCheck);
        assertThat(problems).as("accessibility of " + page).isEmpty();
        assertThat(text(driver)).as("text of " + page).doesNotContain("[object")
                .doesNotContainPattern("(?<!')\\bnull\\b(?!')").doesNotContainPattern("(?<!')\\bundefined\\b(?!')");
        List<String> broken = (List<String>) ((JavascriptExecutor) driver).executeScript(WRAPPED_NUMBERS);
        assertThat(broken).as("numbers broken over lines on " + page).isEmpty();
    }

    /** The cells of every 'Sender' column whose text takes more than one line. */
    private static final String WRAPPED_NUMBERS = """
            const wrapped = [];
            for (const table of document.querySelectorAll('table')) {
              const column = [...table.querySelectorAll('thead th')].findIndex(th => th.textContent === 'Sender');
              if (column < 0) continue;
              for (const row of table.querySelectorAll('tbody tr')) {
                const cell = row.children[column];
                if (!cell || cell.colSpan > 1) continue;
                const range = document.createRange();
                range.selectNodeContents(cell);
                const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
                if (lines.size > 1) wrapped.push(cell.textContent);
              }
            }
            return wrapped;""";

    /** The text of the last h2/h3 before the table with this caption. */
    private static String headingAbove(String caption) {
        return (String) ((JavascriptExecutor) driver).executeScript("""
                const table = [...document.querySelectorAll('table')].find(t => t.caption
                    && t.caption.textContent === arguments[0]);
                const before = [...document.querySelectorAll('h2, h3')].filter(h =>
                    h.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING);
                return before.length ? before[before.length - 1].textContent : null;""", caption);
    }

    /** The text of the Meta inbound-text sample that the console's test event sends. */
    private static String sampleText() throws IOException {
        try (InputStream in = ConsoleBrowserIT.class.getResourceAsStream("/samples/meta/message.inbound.text.json")) {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(in).at(
                    "/entry/0/changes/0/value/messages/0/text/body").asText();
        }
    }

    /** The whole page: the window grows to the page's height for the shot, then returns to its size. */
    private static void shot(String name) throws IOException {
        Dimension size = driver.manage().window().getSize();
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript("window.scrollTo(0, 0)");
        long height = ((Number) js.executeScript("return document.documentElement.scrollHeight")).longValue();
        driver.manage().window().setSize(new Dimension(size.getWidth(), (int) Math.min(3000, Math.max(height,
                size.getHeight()) + (size.getHeight() - ((Number) js.executeScript(
                "return window.innerHeight")).longValue()))));
        File file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(file.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        driver.manage().window().setSize(size);
    }

    private static String text(WebDriver d) {
        return d.findElement(By.tagName("body")).getText();
    }

    private static HttpResponse<String> send(GatewayStack stack, HttpRequest.Builder request) {
        return stack.send(request.build());
    }
}
