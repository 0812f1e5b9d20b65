package resources_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/api"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/acctest"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
)

// The two roads to the catalog. Every catalog suite runs once per road, as parallel subtests,
// each with an emulator of its own: the contract road (the catalog contract over mTLS) and the
// console road (the emulator's console gateway, over MCP). The test body is the same; what differs
// between the roads is said here, once, and asked for by name where a test needs it.
//
// Someone working in the console, outside Terraform, takes the OTHER road: on the console road
// they change the catalog through the contract, on the contract road through the console's
// tools. Either way the provider must see what they did (the emulator keeps one catalog).

type road string

const (
	contractRoad road = "contract"
	consoleRoad  road = "console"
)

var roads = []road{contractRoad, consoleRoad}

// catalogEnv is one test's emulator, reached on one road.
type catalogEnv struct {
	*emulatortest.Instance
	road road
	// credentials is the console credentials file (both roads have a console gateway: the
	// contract road's out-of-band changes go through it).
	credentials string

	toolsOnce sync.Once
	tools     *mcp.ClientSession
}

// onEachRoad runs test once per road, as parallel subtests, each with an emulator started with
// cfg and its console gateway.
func onEachRoad(t *testing.T, cfg emulator.Config, test func(t *testing.T, inst *catalogEnv)) {
	t.Helper()
	for _, r := range roads {
		t.Run(string(r), func(t *testing.T) {
			t.Parallel()
			test(t, startOnRoad(t, r, cfg))
		})
	}
}

func startOnRoad(t *testing.T, r road, cfg emulator.Config) *catalogEnv {
	t.Helper()
	inst := acctest.StartConsoleEmulator(t, cfg)
	return &catalogEnv{Instance: inst, road: r, credentials: acctest.ConsoleCredentialsFile(t, inst)}
}

// reviews is an emulator configuration with the given review mode.
func reviews(mode string) emulator.Config { return emulator.Config{ReviewMode: mode} }

// onConsole reports whether the provider takes the console road.
func (e *catalogEnv) onConsole() bool { return e.road == consoleRoad }

// providerBlock is the provider block of the env's road.
func (e *catalogEnv) providerBlock(extra ...string) string {
	if e.onConsole() {
		return acctest.ConsoleProviderBlock(e.Instance, e.credentials, extra...)
	}
	return acctest.ProviderBlock(e.Instance, extra...)
}

// pick is the contract road's value or the console road's.
func pick[T any](e *catalogEnv, contract, console T) T {
	if e.onConsole() {
		return console
	}
	return contract
}

// SetFaults aims the emulator's faults at what the provider calls on this road: a contract route
// becomes the console tool that does the same.
func (e *catalogEnv) SetFaults(t *testing.T, spec emulatortest.FaultSpec) {
	t.Helper()
	e.Instance.SetFaults(t, e.faultsOnRoad(t, spec))
}

func (e *catalogEnv) faultsOnRoad(t *testing.T, spec emulatortest.FaultSpec) emulatortest.FaultSpec {
	t.Helper()
	if !e.onConsole() {
		return spec
	}
	routes := make([]string, 0, len(spec.Routes))
	for _, route := range spec.Routes {
		tool, ok := consoleToolOfRoute[route]
		if !ok {
			t.Fatalf("no console tool does what %s does: say which in consoleToolOfRoute", route)
		}
		routes = append(routes, "console:"+tool)
	}
	spec.Routes = routes
	return spec
}

// consoleToolOfRoute is the console tool that does what a contract route does, for faults.
var consoleToolOfRoute = map[string]string{
	"POST " + catalogAPI + "/push-templates":                  "push_template_create",
	"GET " + catalogAPI + "/push-templates/{templateSetCode}": "push_template_list", // no single-template read
	"POST " + catalogAPI + "/promotions":                      "promotion_create",
	"PUT " + catalogAPI + "/promotions/{promotionCode}":       "promotion_modify",
	promotionStatusRoute:                                      "promotion_change_status",
	"DELETE " + catalogAPI + "/promotions/{promotionCode}":    "promotion_change_status", // ending
	"POST " + catalogAPI + "/iap-products":                    "iap_product_create_inspection",
	iapProductStatusRoute:                                     "iap_product_change_status",
	"DELETE " + catalogAPI + "/iap-products/{productId}":      "iap_product_change_status", // deactivating
	"PUT " + catalogAPI + "/push-templates/{templateSetCode}": "push_template_update",
}

// identityTools are the configure-time calls of the console road, which every Terraform command
// makes whatever the catalog holds.
var identityTools = map[string]bool{"workspace_list": true, "miniapp_list": true}

// providerCalls counts the catalog calls the provider made on its road: partner and catalog
// requests on the contract road, catalog tool calls on the console road. The contract road's
// count includes the test's own contract reads (catalogEntity), as it always did.
func (e *catalogEnv) providerCalls(t *testing.T) int64 {
	t.Helper()
	stats := e.Stats(t)
	if !e.onConsole() {
		return stats.Requests
	}
	var n int64
	for tool, calls := range stats.ConsoleToolCalls {
		if !identityTools[tool] {
			n += calls
		}
	}
	return n
}

// The console's test user sees workspace 1; demo-app is mini-app 1001 (emulator: console_identity.go).
const (
	consoleWorkspaceID = 1
	consoleDemoAppID   = 1001
)

// callTool calls a console tool as someone working in the console would, outside Terraform, and
// fails the test unless the gateway runs it.
func (e *catalogEnv) callTool(t *testing.T, tool string, args map[string]any) map[string]any {
	t.Helper()
	e.toolsOnce.Do(func() { e.tools = consoleToolSession(t, e.Instance) })
	if e.tools == nil {
		t.Fatal("no console session for the out-of-band change")
	}
	withIDs := map[string]any{"workspaceId": consoleWorkspaceID, "miniAppId": consoleDemoAppID}
	types := toolProperties(t, tool)
	for k, v := range args {
		typ, accepted := types[k]
		if !accepted {
			continue
		}
		if text, ok := v.(string); ok && typ == "integer" { // ids travel as strings in the contract
			n, err := strconv.ParseInt(text, 10, 64)
			if err != nil {
				t.Fatalf("%s out of band: %s %q is not an integer", tool, k, text)
			}
			v = n
		}
		withIDs[k] = v
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := e.tools.CallTool(ctx, &mcp.CallToolParams{Name: tool, Arguments: withIDs})
	if err != nil {
		t.Fatalf("%s out of band: %v", tool, err)
	}
	if res.IsError {
		text := ""
		if len(res.Content) > 0 {
			if c, ok := res.Content[0].(*mcp.TextContent); ok {
				text = c.Text
			}
		}
		t.Fatalf("%s out of band refused: %s", tool, text)
	}
	out, _ := res.StructuredContent.(map[string]any)
	return out
}

// consoleToolSession is an MCP session with the console's test user's access token.
func consoleToolSession(t *testing.T, inst *emulatortest.Instance) *mcp.ClientSession {
	t.Helper()
	var creds struct {
		AccessToken string `json:"accessToken"`
	}
	if err := json.Unmarshal(inst.ConsoleCredentials(t), &creds); err != nil {
		t.Fatal(err)
	}
	transport := &http.Transport{TLSClientConfig: inst.TLSConfig(t, "", "")}
	t.Cleanup(transport.CloseIdleConnections)
	httpClient := &http.Client{Transport: bearerToken{token: creds.AccessToken, base: transport}, Timeout: 30 * time.Second}
	c := mcp.NewClient(&mcp.Implementation{Name: "someone-in-the-console", Version: "0"}, nil)
	session, err := c.Connect(context.Background(), &mcp.StreamableClientTransport{Endpoint: inst.ConsoleURL,
		HTTPClient: httpClient, DisableStandaloneSSE: true}, nil)
	if err != nil {
		t.Fatalf("connecting to the console gateway: %v", err)
	}
	t.Cleanup(func() { _ = session.Close() })
	return session
}

type bearerToken struct {
	token string
	base  http.RoundTripper
}

func (b bearerToken) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Set("Authorization", "Bearer "+b.token)
	return b.base.RoundTrip(req)
}

// toolProperties is the properties a tool of api/console-tools.json takes, with their JSON types.
func toolProperties(t *testing.T, tool string) map[string]string {
	t.Helper()
	var doc struct {
		Tools []struct {
			Name        string `json:"name"`
			InputSchema struct {
				Properties map[string]struct {
					Type any `json:"type"`
				} `json:"properties"`
			} `json:"inputSchema"`
		} `json:"tools"`
	}
	if err := json.Unmarshal(api.ConsoleTools, &doc); err != nil {
		t.Fatal(err)
	}
	for _, d := range doc.Tools {
		if d.Name == tool {
			props := map[string]string{}
			for name, p := range d.InputSchema.Properties {
				props[name] = fmt.Sprint(p.Type)
			}
			return props
		}
	}
	t.Fatalf("api/console-tools.json has no tool %s", tool)
	return nil
}

// changeThroughConsole does through the console's tools what a contract request does, and
// returns the entity as the contract shows it afterwards.
func changeThroughConsole(t *testing.T, inst *catalogEnv, method, path string, body map[string]any) map[string]any {
	t.Helper()
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	kind := parts[0]
	with := func(extra map[string]any) map[string]any {
		args := map[string]any{}
		for k, v := range body {
			args[k] = v
		}
		for k, v := range extra {
			if _, set := args[k]; !set || k == "status" {
				args[k] = v
			}
		}
		return args
	}
	var tool, idField string
	var args map[string]any
	switch route := method + " " + strings.Join(append([]string{kind}, placeholders(parts[1:])...), "/"); route {
	case "POST push-templates":
		tool, idField, args = "push_template_create", "templateSetCode", with(nil)
	case "PUT push-templates/{id}":
		tool, idField, args = "push_template_update", "templateSetCode", with(map[string]any{"templateSetCode": parts[1]})
	case "POST promotions":
		tool, idField, args = "promotion_create", "promotionCode", with(map[string]any{"benefitTabExposed": false})
	case "PUT promotions/{id}":
		tool, idField, args = "promotion_modify", "promotionCode",
			with(map[string]any{"promotionCode": parts[1], "benefitTabExposed": false})
	case "POST promotions/{id}/status":
		tool, idField, args = "promotion_change_status", "promotionCode", with(map[string]any{"promotionCode": parts[1]})
	case "DELETE promotions/{id}":
		tool, idField, args = "promotion_change_status", "promotionCode",
			with(map[string]any{"promotionCode": parts[1], "status": "ENDED"})
	case "POST iap-products":
		tool, idField, args = "iap_product_create_inspection", "productId",
			with(map[string]any{"postInspectionStatus": "ACTIVE"})
	case "PUT iap-products/{id}":
		tool, idField, args = "iap_product_update_inspection", "productId", with(map[string]any{"productId": parts[1]})
	case "PUT iap-products/{id}/status/{id}":
		tool, idField, args = "iap_product_change_status", "productId",
			with(map[string]any{"productId": parts[1], "status": parts[3]})
	case "DELETE iap-products/{id}":
		tool, idField, args = "iap_product_change_status", "productId",
			with(map[string]any{"productId": parts[1], "status": "INACTIVE"})
	default:
		t.Fatalf("no console tool does %s %s: add it to changeThroughConsole", method, path)
	}
	answer := inst.callTool(t, tool, args)
	return catalogEntity(t, inst, kind, fmt.Sprint(answer[idField]))
}

// placeholders replaces the ids and statuses of a path's steps (and the literal "status") so
// that routes compare as patterns.
func placeholders(steps []string) []string {
	out := make([]string, len(steps))
	for i, s := range steps {
		if s == "status" {
			out[i] = s
		} else {
			out[i] = "{id}"
		}
	}
	return out
}

// regexpOnRoad is the contract road's pattern or the console road's, compiled.
func regexpOnRoad(e *catalogEnv, contract, console string) *regexp.Regexp {
	return regexp.MustCompile(pick(e, contract, console))
}
