package io.streamtune.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.contracts.ModelPromoted;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;

/**
 * The registry's dashboard in a real browser (Debian's Chromium) against the four services as processes on the
 * secured broker, as {@link PipelineIT} runs them: the overview with no model and with one, the model page's charts
 * drawn from a real run's evaluations, a promotion shown without reload within 5 s, the trainer's live stats, and a
 * rollback refused without the admin key and done with it, its reason shown as text. The screenshots it takes are the
 * README's ({@code docs/images/dashboard-*.png}).
 */
class DashboardIT {

    static final String MODEL = PipelineIT.MODEL;
    /** A promotion or rollback shows this soon after its announcement, without reload (the bar). */
    static final Duration LIVE = Duration.ofSeconds(5);
    /** A page loaded from the API, on a machine busy with four services and a trainer. */
    static final Duration LOAD = Duration.ofSeconds(30);
    static final Path IMAGES = StreamtuneService.repository().resolve("docs/images");
    static final String XSS = "<img src=x onerror=\"window.__xss=1\"> v2 mislabels invoices";

    @TempDir
    Path dir;

    @Test
    void theDashboardFollowsARealRunLive() throws Exception {
        try (Chromium browser = Chromium.start(dir.resolve("chromium-profile"));
                TestStack stack = TestStack.startSecured(dir, MODEL, b -> { });
                PipelineEvents events = new PipelineEvents(stack.testBootstrapServers, MODEL,
                        new PipelineEvents.Listener() { })) {
            StreamtuneServices services = stack.services;
            String base = services.url(StreamtuneService.REGISTRY);

            // no model yet: the overview says so instead of breaking
            browser.open(base + "/");
            browser.await("the empty overview", LOAD, d -> browser.text("#no-models").contains("No model defined"));
            assertThat(browser.text("#live")).isIn("live", "connecting…");

            // a model without any evaluation: listed, no champion, and its page has no chart to draw yet
            assertThat(services.registry().define(PipelineIT.spec())).isEqualTo(201);
            browser.open(base + "/");
            browser.await("the model on the overview", LOAD, d -> browser.text(".model-card[data-model=spam]")
                    .contains("no champion yet"));
            browser.open(base + "/#/models/" + MODEL);
            browser.await("the model page without evaluations", LOAD, d -> browser.text("#no-history")
                    .contains("No evaluated checkpoint yet"));
            browser.await("the live stream", LOAD, d -> browser.text("#live").equals("live"));
            browser.js("window.__loaded = 'once'"); // gone if the page reloads

            services.process(StreamtuneService.TRAINER).awaitReady(Duration.ofMinutes(4));
            send(services, SyntheticMail.generate("dash", PipelineIT.EMAILS, 11));
            ModelPromoted first = events.awaitPromotion("a first promotion", Duration.ofMinutes(6), p -> true);
            long announced = System.nanoTime();
            browser.await("v" + first.version() + " on the open model page within 5 s of its announcement", LIVE,
                    d -> browser.text(".champion-version").equals("v" + first.version()));
            System.out.printf("promotion v%d shown %.1f s after its announcement%n", first.version(),
                    (System.nanoTime() - announced) / 1e9);
            assertThat(browser.js("return window.__loaded")).as("the page was not reloaded").isEqualTo("once");

            // the trainer's stats follow the checkpoints on the same stream: a rate needs two checkpoints
            browser.await("examples/s from two checkpoints", Duration.ofMinutes(2),
                    d -> !browser.text("#trainer-facts .eps").isEmpty() && !browser.text("#trainer-facts .eps")
                            .equals("–"));
            assertThat(browser.text("#trainer-facts .lag")).matches("[0-9,]+");

            // more mail keeps the trainer going: a second version (ties promote, minDelta 0) to roll back from
            send(services, SyntheticMail.generate("dash2", 120, 12));
            ModelPromoted second = events.awaitPromotion("a second promotion", Duration.ofMinutes(5),
                    p -> p.version() > first.version());
            browser.await("v" + second.version() + " live", LIVE,
                    d -> browser.text(".champion-version").equals("v" + second.version()));
            assertThat(browser.js("return window.__loaded")).isEqualTo("once");

            // the charts hold the run's data
            browser.open(base + "/#/models/" + MODEL);
            browser.await("the metric history drawn", Duration.ofSeconds(10), d -> seriesPoints(browser,
                    "chart-metrics", 0) >= 2);
            assertThat(seriesPoints(browser, "chart-metrics", 3)).as("promoted markers").isGreaterThanOrEqualTo(2);
            assertThat(seriesPoints(browser, "chart-confusion", 0)).as("confusion cells").isEqualTo(4);
            assertThat(((Number) browser.js("return echarts.getInstanceByDom(document.getElementById("
                    + "'chart-confusion')).getOption().series[0].data.reduce((s, c) => s + c[2], 0)")).intValue())
                    .as("the champion's evaluated examples").isGreaterThanOrEqualTo(PipelineIT.spec().minHeldout());
            assertThat(seriesPoints(browser, "chart-forgetting", 0)).as("forgetting cells").isPositive();
            assertThat(seriesPoints(browser, "chart-replay", 0)).as("replay classes").isEqualTo(2);
            // the live view: the evaluator's newest monitoring report, or the word that none has come yet
            assertThat(browser.driver.findElements(By.cssSelector("#monitoring-card #monitoring, "
                    + "#monitoring-card #no-monitoring"))).as("the monitoring card").isNotEmpty();
            screenshots(browser, base, "model");

            // rollback: refused without the key, done with it; the reason is shown as text, never run
            browser.open(base + "/#/models/" + MODEL);
            browser.await("the versions table", LOAD, d -> !d.findElements(By.cssSelector(
                    "tr[data-version='" + first.version() + "'] button.rollback")).isEmpty());
            String button = "tr[data-version='" + first.version() + "'] button.rollback";
            browser.await("the rollback dialog", LOAD, d -> {
                try { // the page may re-render between finding the button and clicking it
                    browser.find(button).click();
                    return browser.find("#rollback-dialog").getDomAttribute("open") != null ? Boolean.TRUE : null;
                } catch (StaleElementReferenceException | NoSuchElementException rerendered) {
                    return null;
                }
            });
            browser.find("#rollback-reason").sendKeys(XSS);
            browser.find("#rollback-key").sendKeys("not-the-key");
            browser.find("#rollback-submit").click();
            browser.await("the refusal", LOAD, d -> browser.text("#rollback-error").contains("401"));
            assertThat(browser.text(".champion-version")).isEqualTo("v" + second.version());
            assertThat(browser.find("#rollback-key").getDomProperty("value")).as("the key is not kept").isEmpty();
            browser.find("#rollback-key").sendKeys(DevKeys.ADMIN_KEY);
            browser.find("#rollback-submit").click();
            browser.await("v" + first.version() + " champion again", LIVE,
                    d -> browser.text(".champion-version").equals("v" + first.version()));
            browser.await("the rollback in the decision log", LIVE, d -> browser.text("#decisions")
                    .contains("ROLLED_BACK"));
            assertThat(browser.text("#decisions")).contains(XSS);
            assertThat(browser.js("return window.__xss")).as("markup in a reason never runs").isNull();
            assertThat(browser.driver.findElements(By.cssSelector("#decisions img"))).isEmpty();
            assertThat(browser.js("return localStorage.length + sessionStorage.length + document.cookie.length"))
                    .as("nothing of the key is stored").isEqualTo(0L);

            browser.open(base + "/");
            browser.await("the overview's sparkline", LOAD, d -> seriesPoints(browser, null, 0) >= 2);
            screenshots(browser, base, "overview");
        }
    }

    static void send(StreamtuneServices services, List<IngestClient.Example> emails) throws Exception {
        IngestClient ingest = services.ingest();
        for (int i = 0; i < emails.size(); i += 40) {
            assertThat(ingest.send(MODEL, emails.subList(i, Math.min(i + 40, emails.size()))).refused()).isEmpty();
        }
    }

    /** Points in one series of the chart in element {@code id} (the overview's first sparkline when null). */
    static int seriesPoints(Chromium browser, String id, int series) {
        Object n = browser.js("const el = arguments[0] ? document.getElementById(arguments[0])"
                + " : document.querySelector('.model-card .spark');"
                + "const c = el && window.echarts && echarts.getInstanceByDom(el);"
                + "const s = c && c.getOption().series[arguments[1]];"
                + "return s ? s.data.length : 0;", id, series);
        return ((Number) n).intValue();
    }

    /** Desktop light and dark, and a phone, of the page that is open. */
    static void screenshots(Chromium browser, String base, String page) {
        String url = page.equals("model") ? base + "/#/models/" + MODEL : base + "/";
        String chart = page.equals("model") ? "chart-metrics" : null;
        for (String scheme : List.of("light", "dark")) {
            browser.colorScheme(scheme);
            browser.open("about:blank"); // a fresh load, drawn in the scheme from the start
            browser.open(url);
            browser.await(page + " drawn in " + scheme, LOAD, d -> seriesPoints(browser, chart, 0) > 0);
            browser.screenshot(IMAGES.resolve("dashboard-" + page + "-" + scheme + ".png"));
        }
        browser.colorScheme("light");
        browser.phone(true);
        browser.open("about:blank");
        browser.open(url);
        browser.await(page + " drawn on a phone", LOAD, d -> seriesPoints(browser, chart, 0) > 0);
        browser.screenshot(IMAGES.resolve("dashboard-" + page + "-phone.png"));
        browser.phone(false);
    }
}
