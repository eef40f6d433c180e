package dev.palisade.podsecurity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.engine.Finding;
import dev.palisade.testing.Lint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * A corpus of pods, each with the verdict Pod Security Admission (policy version 1.37) gives it at baseline and at
 * restricted, worked out from the standard and the {@code policy/check_*.go} sources, not from Palisade's output.
 * Palisade must agree at both levels: a pod PSA rejects gets at least one finding of that profile, a pod PSA admits
 * gets none.
 */
class PsaExactnessTest {
    private static final boolean ADMIT = true;
    private static final boolean REJECT = false;

    /** The pod-level securityContext fields that restricted needs ($POD), and the container-level ones ($SAFE). */
    private static final String POD = "runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}";
    private static final String SAFE = "allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}";

    /** Volume types outside the restricted allow-list, each with a minimal valid source. */
    private static final List<String> FORBIDDEN_VOLUMES = List.of(
            "gcePersistentDisk: {pdName: d}", "awsElasticBlockStore: {volumeID: v}", "gitRepo: {repository: r}",
            "nfs: {server: s, path: /p}", "iscsi: {targetPortal: t, iqn: i, lun: 0}", "glusterfs: {endpoints: e, path: p}",
            "rbd: {monitors: [m], image: i}", "flexVolume: {driver: d}", "cinder: {volumeID: v}",
            "cephfs: {monitors: [m]}", "flocker: {datasetName: d}", "fc: {wwids: [w]}",
            "azureFile: {secretName: s, shareName: s}", "vsphereVolume: {volumePath: p}", "quobyte: {registry: r, volume: v}",
            "azureDisk: {diskName: d, diskURI: u}", "portworxVolume: {volumeID: v}",
            "scaleIO: {gateway: g, system: s, secretRef: {name: n}}", "storageos: {volumeName: v}",
            "photonPersistentDisk: {pdID: p}");

    record Case(String name, boolean baseline, boolean restricted, String yaml) {}

    private static final List<Case> CORPUS = new ArrayList<>();

    private static void pod(String name, boolean baseline, boolean restricted, String spec) {
        String expanded = spec.replace("$POD", POD).replace("$SAFE", SAFE);
        CORPUS.add(new Case(name, baseline, restricted, PodYaml.pod(expanded)));
    }

    private static void object(String name, boolean baseline, boolean restricted, String yaml) {
        CORPUS.add(new Case(name, baseline, restricted, yaml.replace("$POD", POD).replace("$SAFE", SAFE)));
    }

    static {
        // The defaults, and the minimum that restricted needs, at either level.
        pod("no securityContext at all", ADMIT, REJECT, "containers: [{name: a, image: a:1}]");
        pod("restricted fields set on the pod and the container", ADMIT, ADMIT, """
                securityContext: {$POD}
                containers: [{name: a, image: a:1, securityContext: {$SAFE}}]
                """);
        pod("restricted fields set on every container only", ADMIT, ADMIT, """
                initContainers: [{name: i, image: a:1, securityContext: {$SAFE, runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}}]
                containers: [{name: a, image: a:1, securityContext: {$SAFE, runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}}]
                """);
        pod("allowPrivilegeEscalation left unset", ADMIT, REJECT, """
                securityContext: {$POD}
                containers: [{name: a, image: a:1, securityContext: {capabilities: {drop: [ALL]}}}]
                """);
        pod("init container allows privilege escalation", ADMIT, REJECT, """
                securityContext: {$POD}
                initContainers: [{name: i, image: a:1, securityContext: {allowPrivilegeEscalation: true, capabilities: {drop: [ALL]}}}]
                containers: [{name: a, image: a:1, securityContext: {$SAFE}}]
                """);
        pod("native sidecar (restartPolicy: Always) without restricted fields", ADMIT, REJECT, """
                securityContext: {$POD}
                initContainers: [{name: proxy, image: p:1, restartPolicy: Always}]
                containers: [{name: a, image: a:1, securityContext: {$SAFE}}]
                """);

        // runAsNonRoot / runAsUser, container level against pod level, and user namespaces.
        pod("runAsNonRoot only at pod level", ADMIT, ADMIT, """
                securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
                containers: [{name: a, image: a:1, securityContext: {$SAFE}}, {name: b, image: b:1, securityContext: {$SAFE}}]
                """);
        pod("runAsNonRoot only on one of two containers", ADMIT, REJECT, """
                securityContext: {seccompProfile: {type: RuntimeDefault}}
                containers: [{name: a, image: a:1, securityContext: {$SAFE, runAsNonRoot: true}}, {name: b, image: b:1, securityContext: {$SAFE}}]
                """);
        pod("container runAsNonRoot false overrides pod true", ADMIT, REJECT, """
                securityContext: {$POD}
                containers: [{name: a, image: a:1, securityContext: {$SAFE, runAsNonRoot: false}}]
                """);
        pod("pod runAsNonRoot false although every container sets true", ADMIT, REJECT, """
                securityContext: {runAsNonRoot: false, seccompProfile: {type: RuntimeDefault}}
                containers: [{name: a, image: a:1, securityContext: {$SAFE, runAsNonRoot: true}}]
                """);
        pod("runAsUser 0 at container level overrides pod 1000", ADMIT, REJECT, """
                securityContext: {$POD, runAsUser: 1000}
                containers: [{name: a, image: a:1, securityContext: {$SAFE, runAsUser: 0}}]
                """);
        pod("runAsUser 0 at pod level, every container overrides it", ADMIT, REJECT, """
                securityContext: {$POD, runAsUser: 0}
                containers: [{name: a, image: a:1, securityContext: {$SAFE, runAsUser: 1000}}]
                """);
        pod("runAsUser 1000 and runAsGroup 0 (non-root groups is not enforced by PSA)", ADMIT, ADMIT, """
                securityContext: {$POD, runAsUser: 1000, runAsGroup: 0, fsGroup: 0}
                containers: [{name: a, image: a:1, securityContext: {$SAFE}}]
                """);
        pod("hostUsers false exempts runAsNonRoot and runAsUser 0", ADMIT, ADMIT, """
                hostUsers: false
                securityContext: {runAsUser: 0, seccompProfile: {type: RuntimeDefault}}
                containers: [{name: a, image: a:1, securityContext: {$SAFE, runAsNonRoot: false}}]
                """);
        pod("hostUsers true exempts nothing", ADMIT, REJECT, """
                hostUsers: true
                securityContext: {runAsUser: 0, seccompProfile: {type: RuntimeDefault}}
                containers: [{name: a, image: a:1, securityContext: {$SAFE}}]
                """);

        // procMount.
        pod("procMount Unmasked", REJECT, REJECT, """
                securityContext: {$POD}
                containers: [{name: a, image: a:1, securityContext: {$SAFE, procMount: Unmasked}}]
                """);
        pod("procMount Unmasked with hostUsers false", ADMIT, REJECT, """
                hostUsers: false
                securityContext: {$POD}
                containers: [{name: a, image: a:1, securityContext: {$SAFE, procMount: Unmasked}}]
                """);
        pod("procMount Default", ADMIT, ADMIT, """
                securityContext: {$POD}
                containers: [{name: a, image: a:1, securityContext: {$SAFE, procMount: Default}}]
                """);

        // Seccomp.
        pod("seccomp Localhost on the container, none on the pod", ADMIT, ADMIT, """
                securityContext: {runAsNonRoot: true}
                containers: [{name: a, image: a:1, securityContext: {$SAFE, seccompProfile: {type: Localhost, localhostProfile: p.json}}}]
                """);
        pod("seccomp Unconfined on the container", REJECT, REJECT, """
                securityContext: {$POD}
                containers: [{name: a, image: a:1, securityContext: {$SAFE, seccompProfile: {type: Unconfined}}}]
                """);
        pod("seccomp Unconfined on the pod, RuntimeDefault on the container", REJECT, REJECT, """
                securityContext: {runAsNonRoot: true, seccompProfile: {type: Unconfined}}
                containers: [{name: a, image: a:1, securityContext: {$SAFE, seccompProfile: {type: RuntimeDefault}}}]
                """);
        pod("seccomp unset everywhere", ADMIT, REJECT, """
                securityContext: {runAsNonRoot: true}
                containers: [{name: a, image: a:1, securityContext: {$SAFE}}]
                """);
        object("legacy seccomp annotation unconfined (read only before policy 1.19)", ADMIT, ADMIT, """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: p
                  annotations: {seccomp.security.alpha.kubernetes.io/pod: unconfined}
                spec:
                  securityContext: {$POD}
                  containers: [{name: a, image: a:1, securityContext: {$SAFE}}]
                """);

        // Capabilities.
        pod("empty capabilities object", ADMIT, REJECT, """
                securityContext: {$POD}
                containers: [{name: a, image: a:1, securityContext: {allowPrivilegeEscalation: false, capabilities: {}}}]
                """);
        pod("drop ALL, add NET_BIND_SERVICE", ADMIT, ADMIT, """
                securityContext: {$POD}
                containers: [{name: a, image: a:1, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}}]
                """);
        pod("drop ALL, add CHOWN (in the baseline default set)", ADMIT, REJECT, """
                securityContext: {$POD}
                containers: [{name: a, image: a:1, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL], add: [CHOWN]}}}]
                """);
        pod("add NET_RAW", REJECT, REJECT, """
                containers: [{name: a, image: a:1, securityContext: {capabilities: {add: [NET_RAW]}}}]
                """);
        pod("drop all in lower case", ADMIT, REJECT, """
                securityContext: {$POD}
                containers: [{name: a, image: a:1, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [all]}}}]
                """);

        // Windows pods: the Linux-only restricted controls are skipped, runAsNonRoot is not.
        pod("windows pod with runAsNonRoot", ADMIT, ADMIT, """
                os: {name: windows}
                securityContext: {runAsNonRoot: true, windowsOptions: {runAsUserName: ContainerUser}}
                containers: [{name: a, image: a:1-windows}]
                """);
        pod("windows pod without runAsNonRoot", ADMIT, REJECT, """
                os: {name: windows}
                containers: [{name: a, image: a:1-windows}]
                """);
        pod("windows HostProcess pod", REJECT, REJECT, """
                os: {name: windows}
                hostNetwork: true
                securityContext: {runAsNonRoot: true, windowsOptions: {hostProcess: true, runAsUserName: "NT AUTHORITY\\\\SYSTEM"}}
                containers: [{name: a, image: a:1-windows}]
                """);

        // Sysctls.
        pod("safe sysctls of 1.0, 1.29, 1.32 and 1.37", ADMIT, ADMIT, """
                securityContext:
                  runAsNonRoot: true
                  seccompProfile: {type: RuntimeDefault}
                  sysctls:
                    - {name: kernel.shm_rmid_forced, value: "1"}
                    - {name: net.ipv4.tcp_keepalive_time, value: "600"}
                    - {name: net.ipv4.tcp_wmem, value: "4096 16384 4194304"}
                    - {name: net.ipv4.tcp_slow_start_after_idle, value: "0"}
                containers: [{name: a, image: a:1, securityContext: {$SAFE}}]
                """);
        pod("unsafe sysctl", REJECT, REJECT, """
                securityContext:
                  sysctls: [{name: kernel.msgmax, value: "65536"}]
                containers: [{name: a, image: a:1}]
                """);

        // Host namespaces, ports, privileged, host process, probes.
        pod("hostNetwork", REJECT, REJECT, "hostNetwork: true\ncontainers: [{name: a, image: a:1}]");
        pod("hostPID", REJECT, REJECT, "hostPID: true\ncontainers: [{name: a, image: a:1}]");
        pod("hostIPC", REJECT, REJECT, "hostIPC: true\ncontainers: [{name: a, image: a:1}]");
        pod("hostPort 0", ADMIT, ADMIT, """
                securityContext: {$POD}
                containers: [{name: a, image: a:1, securityContext: {$SAFE}, ports: [{containerPort: 80, hostPort: 0}]}]
                """);
        pod("hostPort 8080", REJECT, REJECT, """
                securityContext: {$POD}
                containers: [{name: a, image: a:1, securityContext: {$SAFE}, ports: [{containerPort: 8080, hostPort: 8080}]}]
                """);
        pod("privileged container", REJECT, REJECT, "containers: [{name: a, image: a:1, securityContext: {privileged: true}}]");
        pod("privileged false", ADMIT, ADMIT, """
                securityContext: {$POD}
                containers: [{name: a, image: a:1, securityContext: {$SAFE, privileged: false}}]
                """);
        pod("privileged ephemeral container", REJECT, REJECT, """
                containers: [{name: a, image: a:1}]
                ephemeralContainers: [{name: debug, image: busybox:1, securityContext: {privileged: true}}]
                """);
        pod("ephemeral container without restricted fields", ADMIT, REJECT, """
                securityContext: {$POD}
                containers: [{name: a, image: a:1, securityContext: {$SAFE}}]
                ephemeralContainers: [{name: debug, image: busybox:1}]
                """);
        pod("probe with host", REJECT, REJECT, """
                containers: [{name: a, image: a:1, livenessProbe: {httpGet: {host: 127.0.0.1, path: /, port: 80}}}]
                """);
        pod("preStop tcpSocket host", REJECT, REJECT, """
                containers: [{name: a, image: a:1, lifecycle: {preStop: {tcpSocket: {host: 10.0.0.1, port: 80}}}}]
                """);
        pod("probes without host", ADMIT, ADMIT, """
                securityContext: {$POD}
                containers:
                  - {name: a, image: a:1, securityContext: {$SAFE}, readinessProbe: {httpGet: {host: "", path: /, port: 80}}, livenessProbe: {tcpSocket: {port: 80}}}
                """);

        // AppArmor and SELinux.
        object("AppArmor annotation unconfined", REJECT, REJECT, """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: p
                  annotations: {container.apparmor.security.beta.kubernetes.io/a: unconfined}
                spec:
                  securityContext: {$POD}
                  containers: [{name: a, image: a:1, securityContext: {$SAFE}}]
                """);
        object("AppArmor annotation localhost profile", ADMIT, ADMIT, """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: p
                  annotations: {container.apparmor.security.beta.kubernetes.io/a: localhost/k8s-a}
                spec:
                  securityContext: {$POD}
                  containers: [{name: a, image: a:1, securityContext: {$SAFE}}]
                """);
        pod("AppArmor field Unconfined on the pod", REJECT, REJECT, """
                securityContext: {$POD, appArmorProfile: {type: Unconfined}}
                containers: [{name: a, image: a:1, securityContext: {$SAFE}}]
                """);
        pod("AppArmor field RuntimeDefault", ADMIT, ADMIT, """
                securityContext: {$POD, appArmorProfile: {type: RuntimeDefault}}
                containers: [{name: a, image: a:1, securityContext: {$SAFE}}]
                """);
        pod("SELinux type spc_t", REJECT, REJECT, """
                containers: [{name: a, image: a:1, securityContext: {seLinuxOptions: {type: spc_t}}}]
                """);
        pod("SELinux user set", REJECT, REJECT, """
                securityContext: {seLinuxOptions: {user: system_u}}
                containers: [{name: a, image: a:1}]
                """);
        pod("SELinux container_engine_t and a level", ADMIT, ADMIT, """
                securityContext: {$POD, seLinuxOptions: {level: "s0:c1,c2"}}
                containers: [{name: a, image: a:1, securityContext: {$SAFE, seLinuxOptions: {type: container_engine_t}}}]
                """);

        // Volumes.
        pod("every volume type restricted allows, and one without a source (defaulted to emptyDir)", ADMIT, ADMIT, """
                securityContext: {$POD}
                containers: [{name: a, image: a:1, securityContext: {$SAFE}}]
                volumes:
                  - {name: v1, configMap: {name: c}}
                  - {name: v2, secret: {secretName: s}}
                  - {name: v3, projected: {sources: []}}
                  - {name: v4, downwardAPI: {items: []}}
                  - {name: v5, emptyDir: {}}
                  - {name: v6, persistentVolumeClaim: {claimName: c}}
                  - {name: v7, csi: {driver: d}}
                  - {name: v8, ephemeral: {volumeClaimTemplate: {spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}}}}
                  - {name: v9, image: {reference: "r/i:1"}}
                  - {name: v10}
                """);
        pod("hostPath volume", REJECT, REJECT, """
                securityContext: {$POD}
                containers: [{name: a, image: a:1, securityContext: {$SAFE}}]
                volumes: [{name: h, hostPath: {path: /var/run/docker.sock}}]
                """);
        for (String volume : FORBIDDEN_VOLUMES) {
            pod("volume " + volume.substring(0, volume.indexOf(':')), ADMIT, REJECT, """
                    securityContext: {$POD}
                    containers: [{name: a, image: a:1, securityContext: {$SAFE}}]
                    volumes: [{name: v, %s}]
                    """.formatted(volume));
        }

        // Other workload kinds.
        object("CronJob without restricted fields", ADMIT, REJECT, """
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: c}
                spec:
                  schedule: "0 * * * *"
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: OnFailure
                          containers: [{name: a, image: a:1}]
                """);
        object("StatefulSet with hostPath", REJECT, REJECT, """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: s}
                spec:
                  serviceName: s
                  selector: {matchLabels: {app: s}}
                  template:
                    metadata: {labels: {app: s}}
                    spec:
                      containers: [{name: a, image: a:1}]
                      volumes: [{name: h, hostPath: {path: /data}}]
                """);
        object("DaemonSet meeting restricted", ADMIT, ADMIT, """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: d}
                spec:
                  selector: {matchLabels: {app: d}}
                  template:
                    metadata: {labels: {app: d}}
                    spec:
                      securityContext: {$POD}
                      containers: [{name: a, image: a:1, securityContext: {$SAFE}}]
                """);
    }

    @Test
    void theCorpusCoversEnoughPods() {
        assertThat(CORPUS).hasSizeGreaterThanOrEqualTo(40);
        assertThat(CORPUS).anyMatch(c -> c.baseline() && c.restricted());
        assertThat(CORPUS).anyMatch(c -> c.baseline() && !c.restricted());
        assertThat(CORPUS).anyMatch(c -> !c.baseline() && !c.restricted());
    }

    @TestFactory
    Stream<DynamicTest> palisadeAgreesWithPodSecurityAdmission() {
        return CORPUS.stream().flatMap(c -> Stream.of(
                DynamicTest.dynamicTest("baseline: " + c.name(), () -> assertVerdict("baseline", c.baseline(), c.yaml())),
                DynamicTest.dynamicTest("restricted: " + c.name(), () -> assertVerdict("restricted", c.restricted(), c.yaml()))));
    }

    /** The user's keda-operator Deployment, which PSA admits at restricted (and so at baseline). */
    @Test
    void kedaOperatorIsAdmittedAtBothLevels() throws IOException {
        String yaml = Files.readString(Path.of("examples/keda-operator.yaml"));
        assertVerdict("baseline", ADMIT, yaml);
        assertVerdict("restricted", ADMIT, yaml);
    }

    private static void assertVerdict(String profile, boolean admitted, String yaml) {
        List<Finding> findings = Lint.profile(profile, yaml);
        if (admitted) {
            assertThat(findings).as("PSA admits this pod at %s, so Palisade must report nothing:%n%s", profile, yaml).isEmpty();
        } else {
            assertThat(findings).as("PSA rejects this pod at %s, so Palisade must report it:%n%s", profile, yaml).isNotEmpty();
        }
    }
}
