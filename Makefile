# Palisade. Every target finds a JDK 25 itself (scripts/java-home); `make setup` installs what builds and tests need.
SHELL := /bin/bash
JAVA_HOME := $(shell scripts/java-home 2>/dev/null)
export JAVA_HOME
export MAVEN_OPTS ?= --sun-misc-unsafe-memory-access=allow
MVN := mvn -B -ntp
JAVA := $(JAVA_HOME)/bin/java

.PHONY: setup build image test e2e test-cluster run lint bench clean

setup:
	bash scripts/setup

# The jar, its libraries under target/lib, and an AOT cache trained on a lint run so that the CLI starts quickly.
build: setup
	$(MVN) -q package -DskipTests
	bash scripts/train-aot-cache

# The two OCI images, from what `build` made: target/image/palisade-webhook.tar and palisade-enforcer.tar (buildah,
# root; about a minute on 2 idle cores). `docker load -i`, `podman load -i`, `ctr images import` or `kind load
# image-archive` takes them; the digests are printed at the end.
image: build
	bash scripts/build-images

# The real kube-apiserver, etcd and kubectl of the end-to-end tests, built from Go modules by test-cluster/build and
# cached by version (cold: about 11 minutes on 2 cores; then about a second). Prints the folder that holds them.
test-cluster:
	@bash test-cluster/build

# The whole test suite: unit, HTTPS webhook, webhook and enforcer source against a real kube-apiserver, real-kernel
# enforcer tests (root), golden outputs, the chart through helm (built from its Go module on first use) and the images
# run from their unpacked root file systems.
test: setup image
	bash scripts/helm version --short
	bin=$$(bash test-cluster/build) && $(MVN) verify -Dpalisade.testCluster.bin="$$bin"
	@# verify packaged the jars again, so the AOT cache of `build` no longer matches them: train it again, as `build`
	@# would, so that the CLI left behind starts as fast as after `make build` (and the smoke test runs with it).
	bash scripts/train-aot-cache
	@# Smoke test of the real launcher on the jar just built: findings exit 1, a missing file exits 2.
	bin/palisade lint --check latest-tag --fail-on info examples/ >/dev/null; test $$? -eq 1
	bin/palisade lint --format sarif examples/no-such-file.yaml >/dev/null 2>&1; test $$? -eq 2
	@# The CLI's class path (target/palisade-cli.jar + target/cli-lib) holds no server library.
	! ls target/cli-lib | grep -E 'spring|tomcat|kubernetes|netty|vertx|jnr'

# Only the tests against the real kube-apiserver (tag e2e): the webhook through the API server, its faults, the
# enforcer's Kubernetes source, and the logged latency.
e2e: setup
	bin=$$(bash test-cluster/build) && $(MVN) test -Dgroups=e2e -Dsurefire.failIfNoSpecifiedTests=false -Dpalisade.testCluster.bin="$$bin"

# The main job on an embedded default: the admission webhook, offline (no cluster), with the built-in catalogue, in
# the foreground on https://localhost:8443 (a development CA and pair are generated in certs/ on the first run; it
# prints the URL and a sample curl; Ctrl-C stops it and finishes in-flight reviews).
run: build
	bin/palisade serve --offline --address 127.0.0.1 --port 8443 --certs certs --log-format text

# Palisade lints its own shipped manifests (the Helm chart's rendered output and the examples).
lint: build
	bash scripts/helm template palisade charts/palisade --set enforcer.enabled=true | bin/palisade lint -
	bin/palisade lint --fail-on critical examples/ || [ $$? -eq 1 ]

bench: build
	bash bench/run

clean:
	$(MVN) -q clean
