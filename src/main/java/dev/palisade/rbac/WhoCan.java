package dev.palisade.rbac;

import dev.palisade.source.KubeObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Who in the input may do one thing: every subject of every binding whose role has a rule granting the verb on the
 * resource (or non-resource URL), with the binding, the role and the rule that grant it, so a finding can be
 * explained. The same matcher as the checks, within one rule; an aggregated ClusterRole answers with the rules of the
 * roles it picks. With a namespace, only ClusterRoleBindings and that namespace's RoleBindings count.
 */
final class WhoCan {

    /** The question: verb on {@code resource[.group][/subresource]}, or on a non-resource URL starting with "/". */
    record Question(String verb, String group, String resource, String nonResourceUrl, String namespace) {

        static Question parse(String verb, String target, String namespace) {
            if (verb.isBlank() || target.isBlank()) {
                throw new IllegalArgumentException("who-can needs a VERB and a RESOURCE, e.g. who-can get secrets");
            }
            if (target.startsWith("/")) {
                return new Question(verb, "", "", target, namespace);
            }
            String resource = target;
            String sub = "";
            int slash = target.indexOf('/');
            if (slash >= 0) {
                resource = target.substring(0, slash);
                sub = target.substring(slash);
            }
            String group = "";
            int dot = resource.indexOf('.');
            if (dot >= 0) {
                group = resource.substring(dot + 1);
                resource = resource.substring(0, dot);
            }
            return new Question(verb, group, resource + sub, "", namespace);
        }

        Permission permission() {
            return nonResourceUrl.isEmpty()
                    ? new Permission(List.of(group), List.of(resource), List.of(verb), List.of(), "", 0)
                    : new Permission(List.of(), List.of(), List.of(verb), List.of(nonResourceUrl), "", 0);
        }

        String describe() {
            String what = nonResourceUrl.isEmpty() ? resource + (group.isEmpty() ? "" : " in " + group) : nonResourceUrl;
            return verb + " " + what + (namespace == null || namespace.isEmpty() ? "" : " in namespace " + namespace);
        }
    }

    /** One way a subject may do it. */
    record Answer(Subject subject, RoleBinding binding, KubeObject role, PolicyRule rule, Grant grant) {
        String scope() {
            return binding.clusterWide() ? "cluster-wide" : "namespace " + binding.namespace();
        }
    }

    /** The answers, and the bindings whose role the input does not hold (they may grant it too). */
    record Result(List<Answer> answers, List<RoleBinding> unresolved) {}

    static Result ask(RbacModel model, Question question) {
        Permission permission = question.permission();
        List<Answer> answers = new ArrayList<>();
        List<RoleBinding> unresolved = new ArrayList<>();
        for (RoleBinding binding : model.bindings()) {
            if (question.namespace() != null && !question.namespace().isEmpty() && !binding.clusterWide()
                    && !binding.namespace().equals(question.namespace())) {
                continue;
            }
            KubeObject role = model.roleOf(binding);
            if (role == null) {
                unresolved.add(binding);
                continue;
            }
            for (PolicyRule rule : model.rulesOf(role)) {
                Grant grant = permission.grantedBy(rule);
                if (grant != null) {
                    for (Subject subject : binding.subjects()) {
                        answers.add(new Answer(subject, binding, role, rule, grant));
                    }
                }
            }
        }
        return new Result(answers, unresolved);
    }
}
