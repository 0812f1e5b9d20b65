package console

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// logSubsystem is the tflog subsystem of the console road: TF_LOG_PROVIDER_APPSINTOSS_CONSOLE=DEBUG
// shows one line per tool call (tool, duration, outcome); TRACE adds arguments and results. No
// line carries a token or the Authorization header: the session never logs HTTP headers, and the
// catalog's arguments and answers hold none.
const logSubsystem = "console"

func newLogContext(ctx context.Context) context.Context {
	return tflog.NewSubsystem(ctx, logSubsystem,
		tflog.WithLevelFromEnv("TF_LOG_PROVIDER_APPSINTOSS", "CONSOLE"), // TF_LOG_PROVIDER_APPSINTOSS_CONSOLE
		tflog.WithRootFields()) // keep tf_req_id and the resource type on every console line
}

func logDebug(ctx context.Context, msg string, fields map[string]any) {
	tflog.SubsystemDebug(ctx, logSubsystem, msg, fields)
}

func logTrace(ctx context.Context, msg string, fields map[string]any) {
	tflog.SubsystemTrace(ctx, logSubsystem, msg, fields)
}

// jsonText is a value for a TRACE line, encoded only when the line is written: at any level above
// TRACE nothing is marshalled.
type jsonText struct{ v any }

func (j jsonText) String() string {
	b, err := json.Marshal(j.v)
	if err != nil {
		return "<not JSON>"
	}
	return string(b)
}

func (j jsonText) MarshalJSON() ([]byte, error) { return json.Marshal(j.String()) }
