package dev.palisade.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The parts of an {@code admission.k8s.io/v1} AdmissionReview request the webhook uses.
 *
 * @param uid        copied into the response, as the API server requires
 * @param operation  CREATE, UPDATE, DELETE or CONNECT
 * @param kind       the object's kind as the API server names it ({@code request.kind.kind})
 * @param subResource the subresource written, or ""
 * @param namespace  the request's namespace, "" for cluster-scoped objects
 * @param name       the object's name, "" when the server generates it
 * @param username   {@code request.userInfo.username}
 * @param groups     {@code request.userInfo.groups}
 * @param object     the new object (null for DELETE and some CONNECTs)
 * @param oldObject  the previous object on UPDATE and DELETE, else null
 * @param dryRun     true when nothing will be persisted; evaluation is the same (the webhook has no side effects)
 */
public record AdmissionRequest(
        String uid,
        String operation,
        String kind,
        String subResource,
        String namespace,
        String name,
        String username,
        List<String> groups,
        JsonNode object,
        JsonNode oldObject,
        boolean dryRun) {}
