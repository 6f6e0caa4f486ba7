package dev.foodorder.service.catalog;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.view.RedirectView;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The event catalog beside Swagger UI: {@code /asyncapi-ui.html} opens Springwolf's UI (a static page from
 * its {@code springwolf-ui} jar), which reads this service's AsyncAPI document from {@code /springwolf/docs}.
 * The document is built at the first request, not at start-up, which it would only slow down.
 */
@RestController
public class EventCatalogController {

    static final String UI = "/springwolf/asyncapi-ui.html";

    private final Supplier<JsonNode> document;

    public EventCatalogController(JsonMapper json, @Value("${spring.application.name}") String service) {
        this.document = SingletonSupplier.of(() -> new EventCatalog(json).forService(service));
    }

    @GetMapping("/asyncapi-ui.html")
    RedirectView ui() {
        return new RedirectView(UI, true);
    }

    @GetMapping(path = "/springwolf/docs", produces = MediaType.APPLICATION_JSON_VALUE)
    JsonNode document() {
        return document.get();
    }

    /** What the UI asks before the document: show bindings and headers, and no groups (one document per service). */
    @GetMapping(path = "/springwolf/ui-config", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> uiConfig() {
        return Map.of("initialConfig", Map.of("showBindings", true, "showHeaders", true), "groups", List.of());
    }
}
