package dev.palisade.netpol;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Items by their labels, so that the items a {@link LabelSelector} matches are found without testing every item.
 * Built in O(items × labels). A query tests only the candidates of the selector's most selective indexed
 * requirement (a {@code matchLabels} pair, an {@code In} or an {@code Exists}), so it costs O(candidates), which is
 * O(matches) for the usual selector, and O(items) only for a selector made of {@code NotIn} and
 * {@code DoesNotExist} alone or an empty one (which matches everything anyway). Results keep the items' order.
 *
 * @param <T> the labelled item (a ClusterRole, a pod)
 */
public final class LabelIndex<T> {
    private final List<T> items = new ArrayList<>();
    private final List<Map<String, String>> labels = new ArrayList<>();
    /** label key, then value, then positions of the items that carry it, ascending. */
    private final Map<String, Map<String, List<Integer>>> positions = new HashMap<>();

    public void add(T item, Map<String, String> itemLabels) {
        int position = items.size();
        items.add(item);
        labels.add(itemLabels);
        itemLabels.forEach((key, value) ->
                positions.computeIfAbsent(key, k -> new HashMap<>()).computeIfAbsent(value, v -> new ArrayList<>()).add(position));
    }

    public List<T> items() {
        return items;
    }

    /** The items that one selector matches, in the order they were added. */
    public List<T> matching(LabelSelector selector) {
        return matchingAny(List.of(selector));
    }

    /** The items that at least one of the selectors matches, each once, in the order they were added. */
    public List<T> matchingAny(List<LabelSelector> selectors) {
        BitSet found = new BitSet(items.size());
        for (LabelSelector selector : selectors) {
            Candidates candidates = candidates(selector);
            if (candidates.all()) {
                for (int i = 0; i < items.size(); i++) {
                    if (!found.get(i) && selector.matches(labels.get(i))) {
                        found.set(i);
                    }
                }
                continue;
            }
            for (List<Integer> list : candidates.lists()) {
                for (int i : list) {
                    if (!found.get(i) && selector.matches(labels.get(i))) {
                        found.set(i);
                    }
                }
            }
        }
        List<T> matched = new ArrayList<>(found.cardinality());
        found.stream().forEach(i -> matched.add(items.get(i)));
        return matched;
    }

    /** The position lists that hold every item the selector can match, or all items. */
    private record Candidates(boolean all, List<List<Integer>> lists) {
        static final Candidates ALL = new Candidates(true, List.of());
    }

    private Candidates candidates(LabelSelector selector) {
        Candidates best = Candidates.ALL;
        int bestSize = items.size();
        for (Map.Entry<String, String> required : selector.matchLabels().entrySet()) {
            List<Integer> list = positions.getOrDefault(required.getKey(), Map.of()).getOrDefault(required.getValue(), List.of());
            if (list.size() <= bestSize) {
                best = new Candidates(false, List.of(list));
                bestSize = list.size();
            }
        }
        for (LabelSelector.Requirement requirement : selector.matchExpressions()) {
            Map<String, List<Integer>> byValue = positions.getOrDefault(requirement.key(), Map.of());
            List<List<Integer>> lists = switch (requirement.operator()) {
                case IN -> requirement.values().stream().map(v -> byValue.getOrDefault(v, List.of())).toList();
                case EXISTS -> List.copyOf(byValue.values());
                case NOT_IN, DOES_NOT_EXIST -> null;
            };
            if (lists != null) {
                int size = lists.stream().mapToInt(List::size).sum();
                if (size <= bestSize) {
                    best = new Candidates(false, lists);
                    bestSize = size;
                }
            }
        }
        return best;
    }
}
