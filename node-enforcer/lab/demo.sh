#!/usr/bin/env bash
# Two nodes, three pods, one policy: builds the lab, runs `palisade enforce --once` in each node, probes with nc,
# and deletes everything on exit. Needs root, iproute2, iptables, ipset, netcat-openbsd and a built jar (make build).
#   sudo node-enforcer/lab/demo.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=lab.sh
source "$here/lab.sh"
lab_init
lab_node node1 1
lab_node node2 2
lab_pod node1 1 x-a 10.240.1.10
lab_pod node2 2 y-a 10.240.2.10
lab_pod node2 2 y-b 10.240.2.11
state=$(mktemp)
trap 'lab_cleanup; rm -f "$state"' EXIT
cat > "$state" <<YAML
apiVersion: v1
kind: Node
metadata: {name: node1}
spec: {podCIDR: 10.240.1.0/24}
status: {addresses: [{type: InternalIP, address: 192.168.240.1}]}
---
apiVersion: v1
kind: Node
metadata: {name: node2}
spec: {podCIDR: 10.240.2.0/24}
status: {addresses: [{type: InternalIP, address: 192.168.240.2}]}
---
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x, labels: {app: web}}
spec: {nodeName: node1, containers: [{name: web, image: nginx, ports: [{name: http, containerPort: 80}]}]}
status: {podIP: 10.240.1.10}
---
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: y, labels: {role: client}}
spec: {nodeName: node2, containers: [{name: c, image: curl}]}
status: {podIP: 10.240.2.10}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: y, labels: {role: other}}
spec: {nodeName: node2, containers: [{name: c, image: curl}]}
status: {podIP: 10.240.2.11}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: x}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from: [{namespaceSelector: {}, podSelector: {matchLabels: {role: client}}}]
    ports: [{port: http}]
YAML
for node in node1 node2; do
  lab_exec "$node" "$root/bin/palisade" enforce --node "$node" --from-file "$state" --once --deny-action REJECT
done
lab_exec x-a timeout 20 nc -lk 80 >/dev/null 2>&1 &
sleep 0.5
probe() {
  if lab_exec "$1" nc -z -w1 10.240.1.10 80 2>/dev/null; then echo "$1 -> x/a:80  connected"; else echo "$1 -> x/a:80  blocked"; fi
}
probe y-a   # allowed: role=client, across the VXLAN overlay
probe y-b   # blocked: not a client
lab_exec node1 iptables-save -t filter | grep -c '^-A PALISADE' | sed 's/^/rules installed on node1: /'
