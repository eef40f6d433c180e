package dev.palisade.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.engine.Engine;
import dev.palisade.engine.Finding;
import dev.palisade.engine.Inventory;
import dev.palisade.source.KubeObject;
import dev.palisade.testing.Lint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the cross-object checks report, where, and when they stay silent because the input cannot tell. */
class ConsistencyChecksTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec:
              replicas: 3
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                    - name: app
                      image: registry.example.com/app:1.4.2
                      ports: [{name: http, containerPort: 8080}]
            """;

    @Test
    void aServiceTargetPortNamePointsAtTheFieldAndNamesTheWorkload() {
        List<Finding> findings = Lint.check("service-target-port-unexposed", DEPLOYMENT + """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: shop}
                spec:
                  selector: {app: web}
                  ports:
                    - {name: ok, port: 80, targetPort: http}
                    - {name: typo, port: 81, targetPort: htp}
                """);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo("spec.ports[1].targetPort");
            assertThat(f.line()).isEqualTo(22);
            assertThat(f.message()).contains("port named \"htp\"/TCP").contains("Deployment/web");
        });
    }

    @Test
    void aServiceInAnotherNamespaceDoesNotSelectThePods() {
        String otherNamespace = DEPLOYMENT + """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: other}
                spec: {selector: {app: web}, ports: [{port: 80}]}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: unrelated, namespace: other, labels: {app: db}}
                spec: {containers: [{name: db, image: registry.example.com/db:15.2}]}
                """;
        assertThat(Lint.check("service-selects-nothing", otherNamespace)).singleElement()
                .satisfies(f -> assertThat(f.object().namespace()).isEqualTo("other"));
    }

    @Test
    void checksThatReportAMissingObjectStaySilentWhereTheInventoryDoesNotHoldThatKind() {
        List<KubeObject> objects = Lint.objects(DEPLOYMENT);
        Inventory partial = new Inventory() {
            @Override
            public List<KubeObject> objects() {
                return objects;
            }

            @Override
            public List<KubeObject> ofKind(String kind) {
                return kind.equals("Deployment") ? objects : List.of();
            }
        };
        Engine engine = new Engine(List.of(Lint.catalogue().byId("workload-pdb-missing")));
        assertThat(engine.evaluate(objects, partial).findings()).as("a webhook-like view without PDBs").isEmpty();
        assertThat(engine.evaluate(objects, Inventory.of(objects)).findings()).as("a lint input").hasSize(1);
    }

    @Test
    void anAutoscalerOwnsTheReplicaCountOfTheBudgetAndSpreadChecks() {
        String scaled = DEPLOYMENT.replace("replicas: 3", "replicas: 1") + """
                ---
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: web, namespace: shop}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
                  minReplicas: 3
                  maxReplicas: 9
                """;
        assertThat(Lint.check("workload-spread-missing", scaled)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("runs 3 replicas"));
        assertThat(Lint.check("pdb-blocks-eviction", scaled + """
                ---
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: web, namespace: shop}
                spec: {minAvailable: 1, selector: {matchLabels: {app: web}}}
                """)).as("minAvailable 1 leaves evictions to spare at the autoscaler's minimum of 3").isEmpty();
    }

    @Test
    void aBudgetWithOnlyExpressionsIsFoundForTheWorkloadsItSelects() {
        assertThat(Lint.check("workload-pdb-missing", DEPLOYMENT + """
                ---
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: web, namespace: shop}
                spec:
                  maxUnavailable: 1
                  selector:
                    matchExpressions: [{key: app, operator: In, values: [web, api]}]
                """)).isEmpty();
    }

    @Test
    void theSensitiveMountCheckLeavesARuntimeSocketToTheMoreSevereSocketCheck() {
        String pod = """
                apiVersion: v1
                kind: Pod
                metadata: {name: builder, namespace: ci}
                spec:
                  containers: [{name: b, image: registry.example.com/b:1.0.0}]
                  volumes: [{name: sock, hostPath: {path: /var/run/docker.sock}}]
                """;
        assertThat(Lint.check("sensitive-host-mount", pod)).as("alone it reports the socket").hasSize(1);
        assertThat(Lint.profile("all", pod)).extracting(Finding::check)
                .contains("runtime-socket-mount").doesNotContain("sensitive-host-mount");
    }

    @Test
    void theIndexIsBuiltOncePerInventory() {
        List<KubeObject> objects = Lint.objects(DEPLOYMENT);
        Inventory inventory = Inventory.of(objects);
        assertThat(InputIndex.of(inventory)).isSameAs(InputIndex.of(inventory));
        assertThat(InputIndex.of(Inventory.of(objects))).isNotSameAs(InputIndex.of(inventory));
    }
}
