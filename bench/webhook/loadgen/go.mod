module palisade.dev/bench/webhook/loadgen

go 1.22
