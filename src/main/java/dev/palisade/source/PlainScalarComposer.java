package dev.palisade.source;

import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.comments.CommentLine;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Composes one YAML document into SnakeYAML nodes, leaving the typing of scalars to {@link KubectlScalars}: a plain,
 * untagged scalar gets the tag {@link KubectlScalars#PLAIN}; a quoted or block scalar, or one with the non-specific tag
 * {@code !}, gets {@code !!str} (go-yaml v2 reads both as text); an explicit tag stays. SnakeYAML's own resolver would
 * apply YAML 1.1 rules that differ from go-yaml's, and run regexes on every scalar.
 */
final class PlainScalarComposer extends Composer {
    private static final Tag PLAIN = new Tag(KubectlScalars.PLAIN);

    private static final Resolver DEFERRING = new Resolver() {
        @Override
        protected void addImplicitResolvers() {
            // none: no scalar is typed here
        }

        @Override
        public Tag resolve(NodeId kind, String value, boolean implicit) {
            if (kind == NodeId.scalar) {
                return implicit ? PLAIN : Tag.STR;
            }
            return super.resolve(kind, value, implicit);
        }
    };

    PlainScalarComposer(String text, LoaderOptions options) {
        super(new ParserImpl(new StreamReader(text), options), DEFERRING, options);
    }

    @Override
    protected Node composeScalarNode(String anchor, List<CommentLine> blockComments) {
        Event event = parser.peekEvent();
        Node node = super.composeScalarNode(anchor, blockComments);
        if (event instanceof ScalarEvent scalar && "!".equals(scalar.getTag())) {
            node.setTag(Tag.STR);
        }
        return node;
    }
}
