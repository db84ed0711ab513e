package dev.portalloc.adapters.web;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one ObjectMapper of the adapter, configured strictly, and the translation of everything Jackson
 * can refuse into an {@link MalformedRequestException} whose message names JSON members and JSON types
 * only: Jackson's own messages mention Java classes and are never passed on.
 *
 * <p>Requests are read in two steps. The text is parsed into a tree first (syntax, duplicate keys,
 * trailing tokens, nesting depth), so that an explicit {@code null} can be told apart from an absent
 * member and refused; the tree is then bound to a request record without any type coercion.
 */
final class JsonCodec {
    static final String JSON = "application/json; charset=utf-8";
    static final String PROBLEM_JSON = "application/problem+json";
    /** Request bodies are two levels deep; anything far deeper is an attack, not a request. */
    static final int MAX_NESTING_DEPTH = 16;

    private final ObjectMapper mapper;

    JsonCodec() {
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxDocumentLength(HttpApi.MAX_BODY_BYTES)
                        .build())
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .withCoercionConfig(LogicalType.Integer, config -> config
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Collection, config -> config
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .build();
    }

    /** The response body for a view record, a list or a map. */
    byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            // Views are plain records of strings, numbers and lists: this is a programming error.
            throw new IllegalStateException("cannot write a response view", e);
        }
    }

    /**
     * Parses a request body that must be one JSON object in which no member, at any depth, is
     * {@code null}.
     */
    ObjectNode readObject(byte[] body) {
        JsonNode tree;
        try {
            tree = mapper.readTree(body);
        } catch (StreamConstraintsException e) {
            throw new MalformedRequestException(null, "the JSON body is nested deeper than "
                    + MAX_NESTING_DEPTH + " levels or exceeds the parser's limits");
        } catch (MismatchedInputException e) {
            // readTree reports trailing content after the first value this way.
            throw new MalformedRequestException(null, "the body must hold exactly one JSON value, without trailing content");
        } catch (JacksonException e) {
            throw new MalformedRequestException(null, describeSyntaxError(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new MalformedRequestException(null, "a JSON body is required");
        }
        if (!tree.isObject()) {
            throw new MalformedRequestException(null, "the body must be a JSON object, not " + jsonTypeOf(tree));
        }
        rejectNulls(tree, "");
        return (ObjectNode) tree;
    }

    /** Binds a parsed object to a request record; unknown members and wrong JSON types are refused. */
    <T> T bind(ObjectNode body, Class<T> type) {
        try {
            return mapper.treeToValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            throw new MalformedRequestException(pathOf(e), "unknown field '" + pathOf(e) + "'"
                    + knownFields(e.getKnownPropertyIds()));
        } catch (JsonMappingException e) {
            String path = pathOf(e);
            if (e.getCause() instanceof InputCoercionException) {
                throw new MalformedRequestException(path, "'" + path + "' is out of range");
            }
            throw new MalformedRequestException(path, "'" + path + "' must be " + expectation(e));
        } catch (JacksonException e) {
            throw new MalformedRequestException(null, "the JSON body cannot be read");
        }
    }

    private static void rejectNulls(JsonNode node, String path) {
        if (node.isNull()) {
            throw new MalformedRequestException(path, "'" + path + "' must not be null; leave an optional field out instead");
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String name = Echo.of(field.getKey());
                rejectNulls(field.getValue(), path.isEmpty() ? name : path + "." + name);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                rejectNulls(node.get(i), path + "[" + i + "]");
            }
        }
    }

    private static String describeSyntaxError(JacksonException e) {
        String original = e.getOriginalMessage();
        // The parser's duplicate-key message is the one worth keeping; it names only the key.
        if (original != null && original.startsWith("Duplicate field '")) {
            int end = original.indexOf('\'', "Duplicate field '".length());
            if (end > 0) {
                return "duplicate field '" + Echo.of(original.substring("Duplicate field '".length(), end)) + "'";
            }
        }
        JsonLocation location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            return "malformed JSON at line " + location.getLineNr() + ", column " + location.getColumnNr();
        }
        return "malformed JSON";
    }

    /** {@code ports[2]}, {@code count}: the JSON path of the member at fault, never a Java type. */
    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(Echo.of(reference.getFieldName()));
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "body" : path.toString();
    }

    private static String expectation(JsonMappingException e) {
        Class<?> target = e instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
        if (target == null) {
            return "of another JSON type";
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
            return "a JSON integer";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "true or false";
        }
        if (target == String.class) {
            return "a JSON string";
        }
        if (Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "a JSON array";
        }
        return "a JSON object";
    }

    private static String knownFields(Collection<Object> known) {
        if (known == null || known.isEmpty()) {
            return "";
        }
        return " (known fields: " + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")";
    }

    private static String jsonTypeOf(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "this";
        };
    }
}
