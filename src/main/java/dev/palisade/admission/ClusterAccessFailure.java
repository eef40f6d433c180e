package dev.palisade.admission;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** Turns an informer's failure into one line an operator can act on (for the readiness endpoint and the log). */
final class ClusterAccessFailure {
    private static final int MAX_LENGTH = 300;

    private ClusterAccessFailure() {}

    static String describe(Throwable error, String resource, String apiServer) {
        KubernetesClientException api = find(error, KubernetesClientException.class);
        if (api != null && api.getCode() == 401) {
            return "the API server at " + apiServer + " rejects the webhook's credentials (401 Unauthorized)";
        }
        if (api != null && api.getCode() == 403) {
            String detail = api.getStatus() != null && api.getStatus().getMessage() != null ? api.getStatus().getMessage() : "403 Forbidden";
            return cut("forbidden: " + detail + " (grant list and watch on " + resource + ", as the chart's ClusterRole does)");
        }
        if (api != null && api.getCode() > 0) {
            return cut("the API server answered " + api.getCode() + " to list/watch " + resource + ": " + firstLine(api.getMessage()));
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String what = root.getMessage() == null ? root.getClass().getSimpleName() : firstLine(root.getMessage());
        if (root instanceof java.net.ConnectException || root instanceof java.net.UnknownHostException
                || root instanceof java.net.NoRouteToHostException || root instanceof java.io.IOException) {
            return cut("cannot reach the API server at " + apiServer + ": " + what);
        }
        return cut("listing " + resource + " failed: " + what);
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static String cut(String text) {
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 3) + "...";
    }
}
