package dev.palisade.enforcer;

/** All nine pods on one node: pod-to-pod traffic is bridged and reaches iptables through bridge netfilter. */
@KernelTest
class OneNodeMatrixKernelTest extends PolicyMatrixKernelTest {
    @Override
    int nodeCount() {
        return 1;
    }

    @Override
    String denyAction() {
        return "REJECT";
    }
}
