package dev.palisade.enforcer;

/** The pods spread over three nodes: most traffic is routed into the VXLAN overlay and out on another node. */
@KernelTest
class SpreadMatrixKernelTest extends PolicyMatrixKernelTest {
    @Override
    int nodeCount() {
        return 3;
    }

    @Override
    String denyAction() {
        return "DROP";
    }
}
