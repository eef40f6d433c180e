package dev.palisade.netpol;

/** The user's own example: a products namespace with a business-tier-only db, an egress allow-list, and Calico. */
final class ProductsExample {
    static final String YAML = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: products-prod}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: products-db, namespace: products-prod}
            spec:
              selector: {matchLabels: {app: products-db}}
              template:
                metadata: {labels: {app: products-db}}
                spec:
                  containers:
                  - name: db
                    image: postgres:16.4
                    ports: [{name: http, containerPort: 8080}]
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: products-business, namespace: products-prod}
            spec:
              selector: {matchLabels: {app: products-business}}
              template:
                metadata: {labels: {app: products-business}}
                spec:
                  containers: [{name: app, image: registry.example/business:1.0}]
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: products-ui, namespace: products-prod}
            spec:
              selector: {matchLabels: {app: products-ui}}
              template:
                metadata: {labels: {app: products-ui}}
                spec:
                  containers: [{name: ui, image: registry.example/ui:1.0}]
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: restrict-access-to-business-tier-only
              namespace: products-prod
            spec:
              podSelector:
                matchLabels: {app: products-db}
              policyTypes: [Ingress]
              ingress:
              - from:
                - podSelector:
                    matchLabels: {app: products-business}
                ports:
                - protocol: TCP
                  port: 8080
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: allow-egress-to-private-ranges, namespace: products-prod}
            spec:
              podSelector: {}
              policyTypes: [Egress]
              egress:
              - to:
                - ipBlock: {cidr: 192.168.0.0/16}
                - ipBlock: {cidr: 10.0.0.0/16}
            ---
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: cal-deny-ingress-from-ui, namespace: products-prod}
            spec:
              selector: app == 'products-db'
              types: [Ingress, Egress]
              ingress:
              - action: Log
                protocol: TCP
                source: {selector: app == 'products-ui'}
              - action: Deny
                protocol: TCP
                source: {selector: app == 'products-ui'}
            """;

    private ProductsExample() {}
}
