package dev.palisade.admission;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.springframework.boot.logging.structured.ElasticCommonSchemaProperties;
import org.springframework.boot.logging.structured.StructuredLogFormatter;
import org.springframework.core.env.Environment;

/**
 * {@code serve --log-format json}: one Elastic Common Schema JSON line per event, with the fields of Spring Boot's
 * {@code ecs} format ({@code @timestamp}, {@code log.level}, {@code log.logger}, {@code process.pid},
 * {@code process.thread.name}, {@code service.*}, {@code message}, the MDC and key-value pairs nested at their dots
 * (so {@code admission.uid}), {@code error.type}/{@code message}/{@code stack_trace}, {@code tags} from markers,
 * {@code ecs.version}), generated straight to bytes. Spring's formatter pushes every character through a
 * {@code Writer}'s encoder, which made logging a fifth of the webhook's CPU at one line per review.
 */
public final class EcsLogFormatter implements StructuredLogFormatter<ILoggingEvent> {
    /** Buffers shared across threads: every request (and so every log line) has a virtual thread of its own. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build();

    private final Long pid;
    private final ElasticCommonSchemaProperties.Service service;

    public EcsLogFormatter(Environment environment) {
        this.pid = environment.getProperty("spring.application.pid", Long.class);
        this.service = ElasticCommonSchemaProperties.get(environment).service();
    }

    @Override
    public String format(ILoggingEvent event) {
        return new String(formatAsBytes(event, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    @Override
    public byte[] formatAsBytes(ILoggingEvent event, Charset charset) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(512);
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            write(event, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bytes.append('\n');
        byte[] utf8 = bytes.toByteArray();
        return charset.equals(StandardCharsets.UTF_8) ? utf8 : new String(utf8, StandardCharsets.UTF_8).getBytes(charset);
    }

    private void write(ILoggingEvent event, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("@timestamp", event.getInstant().toString());
        json.writeObjectFieldStart("log");
        json.writeStringField("level", event.getLevel().toString());
        json.writeStringField("logger", event.getLoggerName());
        json.writeEndObject();
        json.writeObjectFieldStart("process");
        if (pid != null) {
            json.writeNumberField("pid", pid);
        }
        json.writeObjectFieldStart("thread");
        json.writeStringField("name", event.getThreadName());
        json.writeEndObject();
        json.writeEndObject();
        writeService(json);
        json.writeStringField("message", event.getFormattedMessage());
        writeNested(json, context(event));
        IThrowableProxy error = event.getThrowableProxy();
        if (error != null) {
            json.writeObjectFieldStart("error");
            json.writeStringField("type", error.getClassName());
            json.writeStringField("message", error.getMessage());
            json.writeStringField("stack_trace", ThrowableProxyUtil.asString(error));
            json.writeEndObject();
        }
        List<Marker> markers = event.getMarkerList();
        if (markers != null && !markers.isEmpty()) {
            Set<String> tags = new TreeSet<>();
            addMarkers(tags, markers.iterator());
            json.writeArrayFieldStart("tags");
            for (String tag : tags) {
                json.writeString(tag);
            }
            json.writeEndArray();
        }
        json.writeObjectFieldStart("ecs");
        json.writeStringField("version", "8.11");
        json.writeEndObject();
        json.writeEndObject();
    }

    private void writeService(JsonGenerator json) throws IOException {
        if (service == null) {
            return;
        }
        json.writeObjectFieldStart("service");
        writeIfPresent(json, "name", service.name());
        writeIfPresent(json, "version", service.version());
        writeIfPresent(json, "environment", service.environment());
        json.writeObjectFieldStart("node");
        writeIfPresent(json, "name", service.nodeName());
        json.writeEndObject();
        json.writeEndObject();
    }

    /** The MDC and the event's key-value pairs as a tree: {@code admission.uid} becomes {@code admission: {uid: ...}}. */
    private static Map<String, Object> context(ILoggingEvent event) {
        Map<String, Object> tree = new LinkedHashMap<>();
        event.getMDCPropertyMap().forEach((key, value) -> put(tree, key, value));
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null) {
            pairs.forEach(pair -> put(tree, pair.key, pair.value));
        }
        return tree;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> tree, String key, Object value) {
        int dot = key.indexOf('.');
        if (dot <= 0 || dot == key.length() - 1) {
            tree.put(key, value);
            return;
        }
        Object child = tree.computeIfAbsent(key.substring(0, dot), k -> new LinkedHashMap<String, Object>());
        if (child instanceof Map<?, ?> map) {
            put((Map<String, Object>) map, key.substring(dot + 1), value);
        } else {
            tree.put(key, value); // "a" is already a value: keep "a.b" flat rather than lose either
        }
    }

    @SuppressWarnings("unchecked")
    private static void writeNested(JsonGenerator json, Map<String, Object> tree) throws IOException {
        for (Map.Entry<String, Object> entry : tree.entrySet()) {
            if (entry.getValue() instanceof Map<?, ?> child) {
                json.writeObjectFieldStart(entry.getKey());
                writeNested(json, (Map<String, Object>) child);
                json.writeEndObject();
            } else {
                json.writeStringField(entry.getKey(), entry.getValue() == null ? null : String.valueOf(entry.getValue()));
            }
        }
    }

    private static void writeIfPresent(JsonGenerator json, String field, String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }

    private static void addMarkers(Set<String> tags, Iterator<Marker> markers) {
        while (markers.hasNext()) {
            Marker marker = markers.next();
            tags.add(marker.getName());
            if (marker.hasReferences()) {
                addMarkers(tags, marker.iterator());
            }
        }
    }
}
