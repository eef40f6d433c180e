package dev.palisade.podsecurity;

import static dev.palisade.podsecurity.PodYaml.annotatedPod;
import static dev.palisade.podsecurity.PodYaml.assertPasses;
import static dev.palisade.podsecurity.PodYaml.assertSingle;
import static dev.palisade.podsecurity.PodYaml.paths;
import static dev.palisade.podsecurity.PodYaml.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.engine.Severity;
import dev.palisade.testing.Lint;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each baseline control: a failing case naming the field and value, and the allowed values passing. */
class BaselineControlsTest {

    @Nested
    class HostNamespaces {
        static final String ID = "baseline-host-namespaces";

        @Test
        void hostNetworkHostPidAndHostIpcTrueAreEachReported() {
            String yaml = pod("""
                    hostNetwork: true
                    hostPID: true
                    hostIPC: true
                    containers: [{name: a, image: a:1}]
                    """);
            assertThat(paths(ID, yaml)).containsExactly("spec.hostNetwork", "spec.hostPID", "spec.hostIPC");
        }

        @Test
        void falseOrUnsetIsAllowed() {
            assertPasses(ID, pod("""
                    hostNetwork: false
                    containers: [{name: a, image: a:1}]
                    """));
        }

        @Test
        void isCritical() {
            assertThat(Lint.catalogue().byId(ID).severity()).isEqualTo(Severity.CRITICAL);
        }
    }

    @Nested
    class Privileged {
        static final String ID = "baseline-privileged";

        @Test
        void privilegedTrueInAnEphemeralContainerIsReported() {
            assertSingle(ID, pod("""
                    containers: [{name: a, image: a:1}]
                    ephemeralContainers:
                      - {name: debug, image: busybox:1, securityContext: {privileged: true}}
                    """), "spec.ephemeralContainers[0].securityContext.privileged",
                    "ephemeral container \"debug\"", "privileged=true");
        }

        @Test
        void privilegedFalseIsAllowed() {
            assertPasses(ID, pod("containers: [{name: a, image: a:1, securityContext: {privileged: false}}]"));
        }
    }

    @Nested
    class Capabilities {
        static final String ID = "baseline-capabilities";

        @Test
        void addingNetRawIsReportedAtTheListEntry() {
            assertSingle(ID, pod("""
                    initContainers:
                      - {name: init, image: a:1, securityContext: {capabilities: {add: [CHOWN, NET_RAW]}}}
                    containers: [{name: a, image: a:1}]
                    """), "spec.initContainers[0].securityContext.capabilities.add[1]",
                    "init container \"init\"", "NET_RAW", "capabilities.add");
        }

        @Test
        void namesAreComparedExactlyAsPsaDoes() {
            assertThat(paths(ID, pod("containers: [{name: a, image: a:1, securityContext: {capabilities: {add: [chown, CAP_KILL]}}}]")))
                    .hasSize(2);
        }

        @Test
        void theThirteenDefaultCapabilitiesAreAllowed() {
            assertPasses(ID, pod("""
                    containers:
                      - name: a
                        image: a:1
                        securityContext:
                          capabilities:
                            add: [AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE,
                                  SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT]
                    """));
        }

        @Test
        void anEmptyAddListIsAllowed() {
            assertPasses(ID, pod("containers: [{name: a, image: a:1, securityContext: {capabilities: {add: []}}}]"));
        }
    }

    @Nested
    class HostPathVolumes {
        static final String ID = "baseline-host-path-volumes";

        @Test
        void hostPathIsReportedWithItsPath() {
            assertSingle(ID, pod("""
                    containers: [{name: a, image: a:1}]
                    volumes:
                      - {name: cache, emptyDir: {}}
                      - {name: root, hostPath: {path: /}}
                    """), "spec.volumes[1].hostPath", "volume \"root\"", "\"/\"");
        }
    }

    @Nested
    class HostPorts {
        static final String ID = "baseline-host-ports";

        @Test
        void aNonZeroHostPortIsReported() {
            assertSingle(ID, pod("containers: [{name: a, image: a:1, ports: [{containerPort: 8080, hostPort: 8080}]}]"),
                    "spec.containers[0].ports[0].hostPort", "container \"a\"", "hostPort 8080");
        }

        @Test
        void hostPortZeroOrUnsetIsAllowed() {
            assertPasses(ID, pod("containers: [{name: a, image: a:1, ports: [{containerPort: 80, hostPort: 0}, {containerPort: 81}]}]"));
        }

        @Test
        void aKnownListCanBeAllowedByParameter() {
            String config = """
                    checks:
                      baseline-host-ports:
                        params: {allowed: ["9100"]}
                    """;
            assertThat(Lint.withConfig(config, pod("containers: [{name: a, image: a:1, ports: [{containerPort: 9100, hostPort: 9100}]}]"))
                    .stream().filter(f -> f.check().equals(ID))).isEmpty();
        }
    }

    @Nested
    class AppArmor {
        static final String ID = "baseline-apparmor";

        @Test
        void unconfinedFieldOnAContainerIsReported() {
            assertSingle(ID, pod("containers: [{name: a, image: a:1, securityContext: {appArmorProfile: {type: Unconfined}}}]"),
                    "spec.containers[0].securityContext.appArmorProfile.type", "container \"a\"", "Unconfined");
        }

        @Test
        void unconfinedLegacyAnnotationIsReported() {
            assertSingle(ID, annotatedPod("container.apparmor.security.beta.kubernetes.io/a: unconfined",
                            "containers: [{name: a, image: a:1}]"),
                    "metadata.annotations['container.apparmor.security.beta.kubernetes.io/a']", "unconfined", "\"a\"");
        }

        @Test
        void runtimeDefaultLocalhostAndEmptyAreAllowedInBothForms() {
            assertPasses(ID, annotatedPod("""
                    container.apparmor.security.beta.kubernetes.io/a: runtime/default
                    container.apparmor.security.beta.kubernetes.io/b: localhost/custom
                    container.apparmor.security.beta.kubernetes.io/c: ""
                    """, """
                    securityContext: {appArmorProfile: {type: RuntimeDefault}}
                    containers: [{name: a, image: a:1, securityContext: {appArmorProfile: {type: Localhost, localhostProfile: p}}}]
                    """));
        }
    }

    @Nested
    class SeLinux {
        static final String ID = "baseline-selinux";

        @Test
        void aCustomTypeUserAndRoleAreEachReported() {
            assertThat(paths(ID, pod("""
                    securityContext: {seLinuxOptions: {type: spc_t}}
                    containers: [{name: a, image: a:1, securityContext: {seLinuxOptions: {user: u, role: r}}}]
                    """))).containsExactly("spec.securityContext.seLinuxOptions.type",
                    "spec.containers[0].securityContext.seLinuxOptions.user",
                    "spec.containers[0].securityContext.seLinuxOptions.role");
        }

        @Test
        void containerTypesAndLevelAreAllowed() {
            assertPasses(ID, pod("""
                    securityContext: {seLinuxOptions: {level: "s0:c1,c2"}}
                    containers:
                      - {name: a, image: a:1, securityContext: {seLinuxOptions: {type: container_t}}}
                      - {name: b, image: a:1, securityContext: {seLinuxOptions: {type: container_engine_t}}}
                      - {name: c, image: a:1, securityContext: {seLinuxOptions: {type: ""}}}
                    """));
        }
    }

    @Nested
    class ProcMount {
        static final String ID = "baseline-proc-mount";

        @Test
        void unmaskedIsReported() {
            assertSingle(ID, pod("containers: [{name: a, image: a:1, securityContext: {procMount: Unmasked}}]"),
                    "spec.containers[0].securityContext.procMount", "container \"a\"", "Unmasked");
        }

        @Test
        void unmaskedIsAllowedInAUserNamespaceSince135() {
            assertPasses(ID, pod("""
                    hostUsers: false
                    containers: [{name: a, image: a:1, securityContext: {procMount: Unmasked}}]
                    """));
        }

        @Test
        void hostUsersTrueGivesNoRelaxation() {
            assertThat(paths(ID, pod("""
                    hostUsers: true
                    containers: [{name: a, image: a:1, securityContext: {procMount: Unmasked}}]
                    """))).hasSize(1);
        }
    }

    @Nested
    class Seccomp {
        static final String ID = "baseline-seccomp";

        @Test
        void unconfinedAtPodAndContainerLevelAreBothReported() {
            assertThat(paths(ID, pod("""
                    securityContext: {seccompProfile: {type: Unconfined}}
                    containers: [{name: a, image: a:1, securityContext: {seccompProfile: {type: Unconfined}}}]
                    """))).containsExactly("spec.securityContext.seccompProfile.type",
                    "spec.containers[0].securityContext.seccompProfile.type");
        }

        @Test
        void unsetRuntimeDefaultAndLocalhostAreAllowed() {
            assertPasses(ID, pod("""
                    containers:
                      - {name: a, image: a:1}
                      - {name: b, image: a:1, securityContext: {seccompProfile: {type: RuntimeDefault}}}
                      - {name: c, image: a:1, securityContext: {seccompProfile: {type: Localhost, localhostProfile: p.json}}}
                    """));
        }

        @Test
        void legacyAnnotationsAreNotReadByTheCurrentPolicy() {
            assertPasses(ID, annotatedPod("seccomp.security.alpha.kubernetes.io/pod: unconfined",
                    "containers: [{name: a, image: a:1}]"));
        }
    }

    @Nested
    class Sysctls {
        static final String ID = "baseline-sysctls";

        @Test
        void anUnsafeSysctlIsReportedByName() {
            assertSingle(ID, pod("""
                    securityContext:
                      sysctls: [{name: net.ipv4.tcp_syncookies, value: "1"}, {name: net.core.somaxconn, value: "1024"}]
                    containers: [{name: a, image: a:1}]
                    """), "spec.securityContext.sysctls[1].name", "net.core.somaxconn");
        }

        @Test
        void theWholeSafeSetOf137IsAllowed() {
            StringBuilder sysctls = new StringBuilder();
            SysctlsTemplate.SAFE_SYSCTLS.forEach(name -> sysctls.append("    - {name: ").append(name).append(", value: \"1\"}\n"));
            assertThat(SysctlsTemplate.SAFE_SYSCTLS).hasSize(14).contains("net.ipv4.tcp_notsent_lowat", "net.ipv4.tcp_wmem");
            assertPasses(ID, pod("securityContext:\n  sysctls:\n" + sysctls + "containers: [{name: a, image: a:1}]\n"));
        }
    }

    @Nested
    class HostProcess {
        static final String ID = "baseline-host-process";

        @Test
        void hostProcessTrueOnAContainerIsReported() {
            assertSingle(ID, pod("""
                    os: {name: windows}
                    containers: [{name: a, image: a:1, securityContext: {windowsOptions: {hostProcess: true}}}]
                    """), "spec.containers[0].securityContext.windowsOptions.hostProcess", "container \"a\"", "hostProcess=true");
        }

        @Test
        void hostProcessFalseIsAllowed() {
            assertPasses(ID, pod("""
                    securityContext: {windowsOptions: {hostProcess: false}}
                    containers: [{name: a, image: a:1}]
                    """));
        }
    }

    @Nested
    class ProbeHost {
        static final String ID = "baseline-probe-host";

        @Test
        void everyProbeAndHookHostIsReported() {
            assertThat(paths(ID, pod("""
                    containers:
                      - name: a
                        image: a:1
                        livenessProbe: {httpGet: {host: localhost, port: 80}}
                        readinessProbe: {tcpSocket: {host: 10.0.0.1, port: 80}}
                        startupProbe: {httpGet: {host: example.com, port: 80}}
                        lifecycle:
                          postStart: {httpGet: {host: 10.0.0.2, port: 80}}
                          preStop: {tcpSocket: {host: 10.0.0.3, port: 80}}
                    """))).containsExactly(
                    "spec.containers[0].livenessProbe.httpGet.host",
                    "spec.containers[0].readinessProbe.tcpSocket.host",
                    "spec.containers[0].startupProbe.httpGet.host",
                    "spec.containers[0].lifecycle.postStart.httpGet.host",
                    "spec.containers[0].lifecycle.preStop.tcpSocket.host");
        }

        @Test
        void theMessageNamesTheContainerProbeAndHost() {
            assertSingle(ID, pod("containers: [{name: a, image: a:1, livenessProbe: {httpGet: {host: localhost, port: 80}}}]"),
                    "spec.containers[0].livenessProbe.httpGet.host", "container \"a\"", "livenessProbe.httpGet.host", "localhost");
        }

        @Test
        void anEmptyHostIsAllowed() {
            assertPasses(ID, pod("containers: [{name: a, image: a:1, livenessProbe: {httpGet: {host: \"\", port: 80}}}]"));
        }
    }
}
