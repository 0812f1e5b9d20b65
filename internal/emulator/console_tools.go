package emulator

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sync"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/api"
)

// consoleToolDef is one tool of api/console-tools.json, the single written form of what the
// gateway serves: the emulator lists exactly these names, descriptions and schemas.
type consoleToolDef struct {
	Name         string          `json:"name"`
	Description  string          `json:"description"`
	InputSchema  json.RawMessage `json:"inputSchema"`
	OutputSchema json.RawMessage `json:"outputSchema"`

	args *argSchema
}

// consoleToolDefs parses api/console-tools.json once per process.
var consoleToolDefs = sync.OnceValues(func() ([]*consoleToolDef, error) {
	return parseConsoleTools("api/console-tools.json", api.ConsoleTools)
})

// parseConsoleTools reads a document in the form of api/console-tools.json; source names it in
// errors.
func parseConsoleTools(source string, data []byte) ([]*consoleToolDef, error) {
	var file struct {
		Tools []*consoleToolDef `json:"tools"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	for _, def := range file.Tools {
		args, err := compileArgSchema(def.InputSchema)
		if err != nil {
			return nil, fmt.Errorf("%s: tool %s: inputSchema: %w", source, def.Name, err)
		}
		def.args = args
	}
	return file.Tools, nil
}

// isConsoleTool reports whether name is a tool of api/console-tools.json.
func isConsoleTool(name string) bool {
	defs, err := consoleToolDefs()
	return err == nil && slices.ContainsFunc(defs, func(d *consoleToolDef) bool { return d.Name == name })
}

// toolCall is one tools/call after its arguments passed the inputSchema: numbers are json.Number,
// and app is the mTLS app name of the miniAppId the call names ("" for tools without one).
type toolCall struct {
	ctx  context.Context
	args map[string]any
	app  string
}

// consoleToolFunc runs one tool and returns the structured result, or an error the way the
// catalog handlers return them (*apiError: NOT_FOUND becomes the gateway's JSON-RPC not-found).
type consoleToolFunc func(gw *consoleGateway, tc *toolCall) (any, error)

// consoleToolFuncs is every tool the gateway runs; each must have a definition in
// api/console-tools.json and each definition a function here.
var consoleToolFuncs = map[string]consoleToolFunc{
	"workspace_list":                (*consoleGateway).workspaceList,
	"miniapp_list":                  (*consoleGateway).miniAppList,
	"push_template_list":            (*consoleGateway).pushTemplateList,
	"push_template_create":          (*consoleGateway).pushTemplateCreate,
	"push_template_update":          (*consoleGateway).pushTemplateUpdate,
	"promotion_list":                (*consoleGateway).promotionList,
	"promotion_get":                 (*consoleGateway).promotionGet,
	"promotion_create":              (*consoleGateway).promotionCreate,
	"promotion_modify":              (*consoleGateway).promotionModify,
	"promotion_change_status":       (*consoleGateway).promotionChangeStatus,
	"promotion_review_comment":      (*consoleGateway).promotionReviewComment,
	"iap_product_list":              (*consoleGateway).iapProductList,
	"iap_product_get":               (*consoleGateway).iapProductGet,
	"iap_product_create_inspection": (*consoleGateway).iapProductCreate,
	"iap_product_update_inspection": (*consoleGateway).iapProductUpdate,
	"iap_product_change_status":     (*consoleGateway).iapProductChangeStatus,
}

// consoleToolset is the MCP server of one console gateway.
type consoleToolset struct {
	gw     *consoleGateway
	apps   []consoleMiniApp
	server *mcp.Server
}

func newConsoleToolset(gw *consoleGateway, apps []consoleMiniApp) (*consoleToolset, error) {
	defs, custom, err := servedConsoleTools(gw.e.cfg)
	if err != nil {
		return nil, err
	}
	ts := &consoleToolset{gw: gw, apps: apps,
		server: mcp.NewServer(&mcp.Implementation{Name: "apps-in-toss-console", Version: "emulator"}, nil)}
	for _, def := range defs {
		fn, ok := consoleToolFuncs[def.Name]
		if !ok {
			return nil, fmt.Errorf("api/console-tools.json lists %s, which the emulator does not implement", def.Name)
		}
		ts.server.AddTool(&mcp.Tool{Name: def.Name, Description: def.Description, InputSchema: def.InputSchema,
			OutputSchema: def.OutputSchema}, ts.handle(def, fn))
	}
	for name := range consoleToolFuncs {
		if !custom && !isConsoleTool(name) {
			return nil, fmt.Errorf("the emulator implements %s, which api/console-tools.json does not list", name)
		}
	}
	return ts, nil
}

// handler is the Streamable HTTP endpoint. Answers are plain JSON rather than event streams (the
// transport allows both), which keeps the connection faults exact.
func (ts *consoleToolset) handler() http.Handler {
	return mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return ts.server },
		&mcp.StreamableHTTPOptions{JSONResponse: true, SessionTimeout: consoleSessionTimeout})
}

// handle adapts one tool to the SDK: check the arguments, resolve the workspace and mini-app the
// call names, run it, and shape the outcome.
func (ts *consoleToolset) handle(def *consoleToolDef, fn consoleToolFunc) mcp.ToolHandler {
	return func(ctx context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		args, refused := def.args.check(req.Params.Arguments)
		if refused != nil {
			return consoleRefusal(refused), nil
		}
		tc := &toolCall{ctx: ctx, args: args}
		if err := ts.resolveTarget(tc); err != nil {
			return consoleOutcome(nil, err)
		}
		return consoleOutcome(fn(ts.gw, tc))
	}
}

// resolveTarget checks workspaceId and maps miniAppId to the app name the catalog state is kept
// under; an id the test user cannot see is not found, as on the real gateway.
func (ts *consoleToolset) resolveTarget(tc *toolCall) error {
	if ws, ok := tc.args["workspaceId"].(json.Number); ok && ws.String() != fmt.Sprint(consoleWorkspaceID) {
		return notFound("workspace " + ws.String() + " not found")
	}
	id, ok := tc.args["miniAppId"].(json.Number)
	if !ok {
		return nil
	}
	for _, app := range ts.apps {
		if id.String() == fmt.Sprint(app.ID) {
			tc.app = app.AppName
			return nil
		}
	}
	return notFound("mini-app " + id.String() + " not found")
}

func (gw *consoleGateway) workspaceList(*toolCall) (any, error) {
	type workspace struct {
		WorkspaceID   int64  `json:"workspaceId"`
		WorkspaceName string `json:"workspaceName"`
	}
	return map[string]any{"workspaces": []workspace{{consoleWorkspaceID, consoleWorkspaceName}}}, nil
}

func (gw *consoleGateway) miniAppList(*toolCall) (any, error) {
	return map[string]any{"miniApps": gw.tools.apps}, nil
}
