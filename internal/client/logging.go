package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// logSubsystem is the tflog subsystem of the client: TF_LOG_PROVIDER_APPSINTOSS_CLIENT=DEBUG
// shows one line per request.
const logSubsystem = "client"

func newLogContext(ctx context.Context) context.Context {
	return tflog.NewSubsystem(ctx, logSubsystem,
		tflog.WithLevelFromEnv("TF_LOG_PROVIDER_APPSINTOSS", "CLIENT"), // TF_LOG_PROVIDER_APPSINTOSS_CLIENT
		tflog.WithRootFields()) // keep tf_req_id and the resource type on every client line
}

func logDebug(ctx context.Context, msg string, fields map[string]any) {
	tflog.SubsystemDebug(ctx, logSubsystem, msg, fields)
}

func logWarn(ctx context.Context, msg string, fields map[string]any) {
	tflog.SubsystemWarn(ctx, logSubsystem, msg, fields)
}

func logTrace(ctx context.Context, msg string, fields map[string]any) {
	tflog.SubsystemTrace(ctx, logSubsystem, msg, fields)
}

// sensitiveFields are JSON keys whose values never reach a log line: credentials, the promotion
// key, and every personal field of login-me (encrypted or not).
var sensitiveFields = map[string]bool{
	"accessToken": true, "refreshToken": true, "authorizationCode": true, "idToken": true,
	"key": true, "payToken": true, "decryptionKey": true, "aad": true,
	"name": true, "phone": true, "email": true, "birthday": true, "ci": true, "di": true,
	"gender": true, "nationality": true, "callingCode": true, "certTxId": true,
}

// redactedBody is a body for a TRACE line, redacted only when the line is actually written: the
// logger formats a field (String for text, MarshalJSON for JSON) after its level check, so at any
// level above TRACE — and when logs are off — no body is parsed at all.
type redactedBody struct{ raw []byte }

func (b redactedBody) String() string { return redactBody(b.raw) }

func (b redactedBody) MarshalJSON() ([]byte, error) { return json.Marshal(redactBody(b.raw)) }

// redactBody renders a JSON body for TRACE logs with sensitive values replaced. Whatever is not
// JSON is summarised by its size, never quoted.
func redactBody(body []byte) string {
	if len(bytes.TrimSpace(body)) == 0 {
		return ""
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return fmt.Sprintf("<%d bytes, not JSON>", len(body))
	}
	out, err := json.Marshal(redactValue("", v))
	if err != nil {
		return fmt.Sprintf("<%d bytes>", len(body))
	}
	return string(out)
}

func redactValue(key string, v any) any {
	if sensitiveFields[key] && v != nil {
		return "***"
	}
	switch t := v.(type) {
	case map[string]any:
		for k, child := range t {
			t[k] = redactValue(k, child)
		}
		return t
	case []any:
		for i, child := range t {
			t[i] = redactValue(key, child)
		}
		return t
	}
	return v
}
