package dev.palisade.source;

import com.fasterxml.jackson.databind.JsonNode;

/** How a reader types YAML scalars: Kubernetes manifests as kubectl does, Palisade's own files by YAML 1.2. */
interface ScalarTyping {
    /** The JSON value of a scalar with this tag ({@link KubectlScalars#PLAIN} when plain and untagged) and text. */
    JsonNode value(String tag, String text) throws KubectlScalars.Refused;

    /** The JSON object key of a scalar key. */
    String key(String tag, String text) throws KubectlScalars.Refused;

    /** Whether a mapping key is YAML's merge key. */
    default boolean isMergeKey(String tag, String text) {
        return KubectlScalars.isMergeKey(tag, text);
    }

    ScalarTyping KUBECTL = new ScalarTyping() {
        @Override
        public JsonNode value(String tag, String text) throws KubectlScalars.Refused {
            return KubectlScalars.value(tag, text);
        }

        @Override
        public String key(String tag, String text) throws KubectlScalars.Refused {
            return KubectlScalars.key(tag, text);
        }
    };

    /**
     * YAML 1.2's core schema, as Palisade reads its configuration and catalogue: only true/false are booleans (so a
     * mode written {@code off} stays the word), integers and floats are decimal, keys are their text.
     */
    ScalarTyping CORE = new ScalarTyping() {
        @Override
        public JsonNode value(String tag, String text) {
            if (tag.equals(KubectlScalars.STR)) {
                return TreeBuilder.NODES.textNode(text);
            }
            switch (text) {
                case "", "~", "null", "Null", "NULL" -> {
                    return TreeBuilder.NODES.nullNode();
                }
                case "true", "True", "TRUE" -> {
                    return TreeBuilder.NODES.booleanNode(true);
                }
                case "false", "False", "FALSE" -> {
                    return TreeBuilder.NODES.booleanNode(false);
                }
                default -> {
                    if (KubectlScalars.isYamlFloat(text)) {
                        return decimal(text);
                    }
                    return TreeBuilder.NODES.textNode(text);
                }
            }
        }

        private JsonNode decimal(String text) {
            java.math.BigDecimal number = new java.math.BigDecimal(text);
            boolean integer = text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
            if (!integer) {
                return TreeBuilder.NODES.numberNode(number);
            }
            java.math.BigInteger value = number.toBigIntegerExact();
            return value.bitLength() < 64 ? TreeBuilder.NODES.numberNode(value.longValue()) : TreeBuilder.NODES.numberNode(value);
        }

        @Override
        public String key(String tag, String text) {
            return text;
        }
    };
}
