package dev.palisade.e2e;

import java.util.List;

/**
 * Someone the test API server knows from its token file: a bearer token, a user name and groups. A ServiceAccount's
 * user name ({@code system:serviceaccount:NS:NAME} with its groups) lets a chart's binding to that ServiceAccount
 * apply unchanged, without a token controller.
 */
public record Identity(String token, String user, List<String> groups) {

    static Identity serviceAccount(String token, String namespace, String name) {
        return new Identity(token, "system:serviceaccount:" + namespace + ":" + name,
                List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace));
    }

    /** The line of kube-apiserver's {@code --token-auth-file}: token,user,uid,"group1,group2". */
    String tokenFileLine() {
        return token + "," + user + "," + user + ",\"" + String.join(",", groups) + "\"";
    }
}
