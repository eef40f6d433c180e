{{- define "palisade.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "palisade.webhookService" -}}
{{- printf "%s-webhook" (include "palisade.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "palisade.tlsSecret" -}}
{{- if eq .Values.certificates.source "secret" -}}
{{- required "certificates.existingSecret is required when certificates.source is secret" .Values.certificates.existingSecret -}}
{{- else -}}
{{- printf "%s-tls" (include "palisade.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- define "palisade.labels" -}}
app.kubernetes.io/name: palisade
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "palisade.selectorLabels" -}}
app.kubernetes.io/name: palisade
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: webhook
{{- end -}}

{{- /* An image reference from {repository, tag, digest}: repository:tag, with @digest appended when one is given
(the digest is what the runtime pulls; the tag stays for people reading it). An empty tag is the chart's appVersion. */ -}}
{{- define "palisade.image" -}}
{{- $tag := default .context.Chart.AppVersion .image.tag -}}
{{- if .image.digest -}}
{{- printf "%s:%s@%s" .image.repository $tag .image.digest -}}
{{- else -}}
{{- printf "%s:%s" .image.repository $tag -}}
{{- end -}}
{{- end -}}

{{- define "palisade.enforcerName" -}}
{{- printf "%s-enforcer" (include "palisade.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "palisade.enforcerSelectorLabels" -}}
app.kubernetes.io/name: palisade
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: enforcer
{{- end -}}
