# A lab made of network namespaces only, for trying the enforcer by hand and for bench/enforcer/run.
# Source it, then call lab_init; every namespace it makes starts with $LAB_PREFIX and lab_cleanup (run on EXIT)
# deletes them all, which takes their interfaces, addresses, routes, rules and sets with them.
# Nothing is added to the root namespace. Needs root and iproute2.
#
#   lab_init                      underlay namespace $LAB_PREFIX-ul with bridge ul0
#   lab_node NAME INDEX           node namespace: eth0 192.168.240.INDEX/24 on the underlay, cni0 10.240.INDEX.1/24
#   lab_pod NODE INDEX NAME IP    pod namespace $LAB_PREFIX-NAME: eth0 with IP/24 in NODE's cni0, default via .1
#   lab_exec NAME CMD...          run CMD in $LAB_PREFIX-NAME
LAB_PREFIX=${LAB_PREFIX:-plab$$}
LAB_VETHS=0

lab_cleanup() {
  local ns
  for ns in $(ip netns list | awk '{print $1}' | grep "^$LAB_PREFIX-" || true); do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
  done
}

lab_ns() {
  ip netns add "$LAB_PREFIX-$1"
  ip -n "$LAB_PREFIX-$1" link set lo up
}

lab_init() {
  trap lab_cleanup EXIT
  lab_ns ul
  ip -n "$LAB_PREFIX-ul" link add ul0 type bridge
  ip -n "$LAB_PREFIX-ul" link set ul0 up
}

lab_node() {
  local name=$1 index=$2 ns="$LAB_PREFIX-$1"
  lab_ns "$name"
  ip link add eth0 netns "$ns" type veth peer name "u-$name" netns "$LAB_PREFIX-ul"
  ip -n "$LAB_PREFIX-ul" link set "u-$name" master ul0 up
  ip -n "$ns" addr add "192.168.240.$index/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" link add cni0 type bridge
  ip -n "$ns" addr add "10.240.$index.1/24" dev cni0
  ip -n "$ns" link set cni0 up
}

lab_pod() {
  local node=$1 index=$2 name=$3 ip=$4 ns="$LAB_PREFIX-$3"
  local host="v${LAB_PREFIX: -4}$LAB_VETHS"
  LAB_VETHS=$((LAB_VETHS + 1))
  lab_ns "$name"
  ip link add eth0 netns "$ns" type veth peer name "$host" netns "$LAB_PREFIX-$node"
  ip -n "$LAB_PREFIX-$node" link set "$host" master cni0 up
  ip -n "$ns" addr add "$ip/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" route add default via "10.240.$index.1"
}

lab_exec() {
  local name=$1
  shift
  ip netns exec "$LAB_PREFIX-$name" "$@"
}
