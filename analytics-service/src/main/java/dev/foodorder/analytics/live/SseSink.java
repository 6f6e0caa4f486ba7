package dev.foodorder.analytics.live;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;

/** A page's event stream. */
final class SseSink implements EventSink {

    private final SseEmitter emitter;

    SseSink(SseEmitter emitter) {
        this.emitter = emitter;
    }

    @Override
    public void send(LiveEvent event) throws IOException {
        // Already JSON: written as it is, not turned into JSON again for every page.
        emitter.send(SseEmitter.event().name(event.name()).data(event.json(), MediaType.APPLICATION_JSON));
    }

    @Override
    public void heartbeat() throws IOException {
        emitter.send(SseEmitter.event().comment("heartbeat"));
    }

    @Override
    public void complete() {
        emitter.complete();
    }
}
