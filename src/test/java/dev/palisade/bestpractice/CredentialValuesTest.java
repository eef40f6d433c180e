package dev.palisade.bestpractice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.palisade.engine.Finding;
import dev.palisade.engine.TemplateParams;
import dev.palisade.testing.Lint;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The rule env-secret-value and configmap-secret-value share: which named values are credentials. */
class CredentialValuesTest {
    private static final CredentialValues DEFAULTS =
            CredentialValues.of(new TemplateParams("t", JsonNodeFactory.instance.objectNode()));

    @ParameterizedTest(name = "{0}={1} is not a credential")
    @CsvSource(delimiter = '|', value = {
            "DB_PASSWORD_FILE | /run/secrets/db-password",
            "ENABLE_TOKEN_AUTH | true",
            "TOKEN_URL | https://auth.example.com/oauth/token",
            "OIDC_TOKEN_ENDPOINT | https://auth.example.com/token?audience=api",
            "PASSWORD_MIN_LENGTH | 12",
            "TOKEN_TTL | 15m",
            "SECRET_ENABLED | off",
            "API_KEY | $(API_KEY_FROM_SECRET)",
            "DB_PASSWORD | ${DB_PASSWORD}",
            "DB_PASSWORD | $DB_PASSWORD",
            "GITHUB_TOKEN | {{ .Values.token }}",
            "DB_PASSWORD | arn:aws:secretsmanager:eu-west-1:123456789012:secret:db",
            "API_KEY | projects/shop/secrets/api-key/versions/3",
            "VAULT_TOKEN | vault:secret/data/shop#token",
            "CLIENT_SECRET_NAME | oauth-client",
            "AWS_ACCESS_KEY_ID | AKIAIOSFODNN7EXAMPLE",
            "privateKeyPath | ./keys/signing.pem",
            "LOG_LEVEL | hunter2",
            "DB_PASSWORD | ''",
    })
    void notCredentials(String name, String value) {
        assertThat(DEFAULTS.isCredential(name, value)).isFalse();
    }

    @ParameterizedTest(name = "{0}={1} is a credential")
    @CsvSource(delimiter = '|', value = {
            "API_KEY | sk_live_4eC39HqLyjWDarjtT1zdp7dc",
            "DB_PASSWORD | hunter2",
            "stripeApiKey | sk_live_0000",
            "CLIENT_SECRET | 8f2b1c9e-6d4a-4b8e-9f1e-2c3d4e5f6a7b",
            "AWS_SECRET_ACCESS_KEY | wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "DATABASE_URL | postgres://shop:hunter2@db.shop.svc:5432/shop",
            "TOKEN_URL | https://api.example.com/hook?access_token=abc123",
            "SIGNING_CERT | -----BEGIN RSA PRIVATE KEY-----",
            "GITHUB_TOKEN | yes-this-is-the-token",
    })
    void credentials(String name, String value) {
        assertThat(DEFAULTS.isCredential(name, value)).isTrue();
    }

    @Test
    void aUrlWhosePasswordIsAReferenceIsNotACredential() {
        assertThat(DEFAULTS.isCredential("DATABASE_URL", "postgres://shop:$(DB_PASSWORD)@db:5432/shop")).isFalse();
        assertThat(DEFAULTS.isCredential("DATABASE_URL", "postgres://shop@db:5432/shop")).isFalse();
    }

    @Test
    void theLastWordOfANameInEveryCase() {
        assertThat(List.of("DB_PASSWORD_FILE", "db.password.file", "dbPasswordFile", "db-password-file", "TOKEN_FILE_"))
                .allSatisfy(name -> assertThat(CredentialValues.lastWord(name)).isEqualTo("file"));
        assertThat(CredentialValues.lastWord("API_KEY")).isEqualTo("key");
    }

    @Test
    void aConfigMapSettingPointsAtItsDataKeyAndNamesTheSettingNotTheValue() {
        List<Finding> findings = Lint.check("configmap-secret-value", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: app, namespace: shop}
                data:
                  LOG_LEVEL: info
                  application.properties: |
                    server.port=8080
                    spring.datasource.password=hunter2
                    spring.datasource.password-file=/run/secrets/db
                  settings.env: |
                    export API_TOKEN="tok_123456"
                    export TOKEN_URL='https://auth.example.com'
                  DB_PASSWORD: hunter2
                """);
        assertThat(findings).extracting(Finding::path, Finding::line, Finding::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("data['application.properties']", 6, "ConfigMap data key"
                        + " \"application.properties\" sets spring.datasource.password (line 2 of its value) to a literal"
                        + " that reads like a credential"),
                org.assertj.core.groups.Tuple.tuple("data['settings.env']", 10, "ConfigMap data key \"settings.env\" sets"
                        + " API_TOKEN (line 1 of its value) to a literal that reads like a credential"),
                org.assertj.core.groups.Tuple.tuple("data.DB_PASSWORD", 13, "ConfigMap data key \"DB_PASSWORD\" holds a"
                        + " literal value that reads like a credential"));
        assertThat(findings).allSatisfy(f -> assertThat(f.message()).doesNotContain("hunter2").doesNotContain("tok_"));
    }

    @Test
    void anEnvValueTypedByYamlIsNotACredential() {
        assertThat(Lint.check("env-secret-value", """
                apiVersion: v1
                kind: Pod
                metadata: {name: p, namespace: shop}
                spec:
                  containers:
                    - name: app
                      image: app:1.0
                      env:
                        - {name: TOKEN_REFRESH_SECONDS, value: 300}
                        - {name: SECRET_CACHE, value: on}
                """)).isEmpty();
    }
}
