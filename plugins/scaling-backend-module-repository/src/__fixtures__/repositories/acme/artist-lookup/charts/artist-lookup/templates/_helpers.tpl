{{- define "artist-lookup.fullname" -}}
{{- printf "%s" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "artist-lookup.labels" -}}
app.kubernetes.io/name: artist-lookup
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}

{{- define "artist-lookup.selectorLabels" -}}
app.kubernetes.io/name: artist-lookup
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
