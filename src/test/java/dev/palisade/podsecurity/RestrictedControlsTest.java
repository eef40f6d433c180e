package dev.palisade.podsecurity;

import static dev.palisade.podsecurity.PodYaml.assertPasses;
import static dev.palisade.podsecurity.PodYaml.assertSingle;
import static dev.palisade.podsecurity.PodYaml.paths;
import static dev.palisade.podsecurity.PodYaml.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.Lint;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each restricted control: a failing case naming the field and value, and the allowed values passing. */
class RestrictedControlsTest {

    @Test
    void restrictedControlsRunOnlyInTheRestrictedProfile() {
        assertThat(Lint.catalogue().selected("baseline")).noneMatch(c -> c.id().startsWith("restricted-"));
        assertThat(Lint.catalogue().selected("restricted").stream().filter(c -> c.definition().category().equals("pod-security")))
                .hasSize(19);
    }

    @Nested
    class VolumeTypes {
        static final String ID = "restricted-volume-types";

        @Test
        void aNonCoreVolumeTypeIsReported() {
            assertSingle(ID, pod("""
                    containers: [{name: a, image: a:1}]
                    volumes:
                      - {name: ok, configMap: {name: c}}
                      - {name: disk, awsElasticBlockStore: {volumeID: vol-1}}
                    """), "spec.volumes[1].awsElasticBlockStore", "volume \"disk\"", "awsElasticBlockStore");
        }

        @Test
        void aVolumeWithoutSourceIsDefaultedToEmptyDir() {
            assertPasses(ID, pod("""
                    containers: [{name: a, image: a:1}]
                    volumes: [{name: scratch}]
                    """));
        }

        @Test
        void imageVolumesAreAllowedSince133() {
            assertPasses(ID, pod("""
                    containers: [{name: a, image: a:1}]
                    volumes: [{name: model, image: {reference: "r/m:1"}}]
                    """));
        }
    }

    @Nested
    class PrivilegeEscalation {
        static final String ID = "restricted-privilege-escalation";

        @Test
        void unsetIsReportedAtTheContainer() {
            assertSingle(ID, pod("containers: [{name: a, image: a:1}]"), "spec.containers[0]",
                    "container \"a\"", "allowPrivilegeEscalation=false");
        }

        @Test
        void trueIsReportedAtTheField() {
            assertSingle(ID, pod("containers: [{name: a, image: a:1, securityContext: {allowPrivilegeEscalation: true}}]"),
                    "spec.containers[0].securityContext.allowPrivilegeEscalation", "true");
        }

        @Test
        void windowsPodsAreExemptSince125() {
            assertPasses(ID, pod("""
                    os: {name: windows}
                    containers: [{name: a, image: a:1}]
                    """));
        }
    }

    @Nested
    class RunAsNonRoot {
        static final String ID = "restricted-run-as-non-root";

        @Test
        void unsetEverywhereIsReportedPerContainer() {
            assertThat(paths(ID, pod("""
                    initContainers: [{name: i, image: a:1}]
                    containers: [{name: a, image: a:1, securityContext: {runAsNonRoot: true}}]
                    """))).containsExactly("spec.initContainers[0]");
        }

        @Test
        void podLevelTrueCoversContainersThatLeaveItUnset() {
            assertPasses(ID, pod("""
                    securityContext: {runAsNonRoot: true}
                    containers: [{name: a, image: a:1}, {name: b, image: a:1, securityContext: {runAsNonRoot: true}}]
                    """));
        }

        @Test
        void podLevelFalseIsReportedEvenWhenEveryContainerSaysTrue() {
            assertSingle(ID, pod("""
                    securityContext: {runAsNonRoot: false}
                    containers: [{name: a, image: a:1, securityContext: {runAsNonRoot: true}}]
                    """), "spec.securityContext.runAsNonRoot", "pod", "false");
        }

        @Test
        void containerFalseOverridingPodTrueIsReported() {
            assertSingle(ID, pod("""
                    securityContext: {runAsNonRoot: true}
                    containers: [{name: a, image: a:1, securityContext: {runAsNonRoot: false}}]
                    """), "spec.containers[0].securityContext.runAsNonRoot", "container \"a\"", "false");
        }

        @Test
        void userNamespacePodsAreExemptSince135() {
            assertPasses(ID, pod("""
                    hostUsers: false
                    containers: [{name: a, image: a:1, securityContext: {runAsNonRoot: false}}]
                    """));
        }
    }

    @Nested
    class RunAsUser {
        static final String ID = "restricted-run-as-user";

        @Test
        void zeroAtContainerLevelIsReportedEvenUnderANonZeroPodLevel() {
            assertSingle(ID, pod("""
                    securityContext: {runAsUser: 1000}
                    containers: [{name: a, image: a:1, securityContext: {runAsUser: 0}}]
                    """), "spec.containers[0].securityContext.runAsUser", "container \"a\"", "runAsUser=0");
        }

        @Test
        void zeroAtPodLevelIsReportedEvenWhenContainersOverrideIt() {
            assertSingle(ID, pod("""
                    securityContext: {runAsUser: 0}
                    containers: [{name: a, image: a:1, securityContext: {runAsUser: 1000}}]
                    """), "spec.securityContext.runAsUser", "pod");
        }

        @Test
        void userNamespacePodsAreExemptSince135() {
            assertPasses(ID, pod("""
                    hostUsers: false
                    securityContext: {runAsUser: 0}
                    containers: [{name: a, image: a:1}]
                    """));
        }
    }

    @Nested
    class Seccomp {
        static final String ID = "restricted-seccomp";

        @Test
        void unsetEverywhereIsReportedPerContainer() {
            assertSingle(ID, pod("containers: [{name: a, image: a:1}]"), "spec.containers[0]",
                    "container \"a\"", "seccompProfile", "RuntimeDefault or Localhost");
        }

        @Test
        void aContainerProfileDoesNotExcuseAnUnconfinedPodLevel() {
            assertSingle(ID, pod("""
                    securityContext: {seccompProfile: {type: Unconfined}}
                    containers: [{name: a, image: a:1, securityContext: {seccompProfile: {type: RuntimeDefault}}}]
                    """), "spec.securityContext.seccompProfile.type", "pod", "Unconfined");
        }

        @Test
        void localhostAtContainerLevelWithoutPodLevelIsAllowed() {
            assertPasses(ID, pod("containers: [{name: a, image: a:1, securityContext: {seccompProfile: {type: Localhost, localhostProfile: p}}}]"));
        }

        @Test
        void windowsPodsAreExemptSince125() {
            assertPasses(ID, pod("""
                    os: {name: windows}
                    containers: [{name: a, image: a:1}]
                    """));
        }
    }

    @Nested
    class Capabilities {
        static final String ID = "restricted-capabilities";

        @Test
        void missingDropAllIsReportedAtTheContainer() {
            assertSingle(ID, pod("containers: [{name: a, image: a:1}]"), "spec.containers[0]", "container \"a\"", "drop", "ALL");
        }

        @Test
        void anEmptyCapabilitiesObjectStillLacksDropAll() {
            assertThat(paths(ID, pod("containers: [{name: a, image: a:1, securityContext: {capabilities: {}}}]")))
                    .containsExactly("spec.containers[0]");
        }

        @Test
        void addingADefaultCapabilityOtherThanNetBindServiceIsReported() {
            assertSingle(ID, pod("containers: [{name: a, image: a:1, securityContext: {capabilities: {drop: [ALL], add: [NET_BIND_SERVICE, CHOWN]}}}]"),
                    "spec.containers[0].securityContext.capabilities.add[1]", "CHOWN", "NET_BIND_SERVICE");
        }

        @Test
        void dropMustNameAllExactly() {
            assertSingle(ID, pod("containers: [{name: a, image: a:1, securityContext: {capabilities: {drop: [all]}}}]"),
                    "spec.containers[0].securityContext.capabilities.drop", "[\"all\"]");
        }

        @Test
        void windowsPodsAreExemptSince125() {
            assertPasses(ID, pod("""
                    os: {name: windows}
                    containers: [{name: a, image: a:1}]
                    """));
        }
    }

    @Nested
    class ProcMount {
        static final String ID = "restricted-proc-mount";

        @Test
        void unmaskedIsReportedEvenInAUserNamespace() {
            assertSingle(ID, pod("""
                    hostUsers: false
                    containers: [{name: a, image: a:1, securityContext: {procMount: Unmasked}}]
                    """), "spec.containers[0].securityContext.procMount", "Unmasked", "hostUsers: false");
        }

        @Test
        void defaultIsAllowed() {
            assertPasses(ID, pod("containers: [{name: a, image: a:1, securityContext: {procMount: Default}}]"));
        }
    }
}
