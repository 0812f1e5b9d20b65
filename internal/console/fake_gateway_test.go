package console

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// fakeGateway is a ToolCaller that plays the console gateway in memory, in the console's own
// shapes (productName, netPrice, currentInspection, ...). It holds every call to
// console-tools.json: arguments that do not satisfy a tool's inputSchema fail the test, and so do
// its own answers that do not satisfy the outputSchema. Answers and refusals travel through
// DecodeCallResult as MCP results, the way the SDK-backed caller will hand them over.
type fakeGateway struct {
	t       *testing.T
	inputs  map[string]*jsonschema.Schema
	outputs map[string]*jsonschema.Schema

	mu          sync.Mutex
	calls       map[string]int
	workspaces  []map[string]any
	miniApps    map[string][]map[string]any // by workspaceId
	templates   []map[string]any
	promotions  []map[string]any
	products    []map[string]any
	comments    map[string]string // promotionCode → reviewer's comment
	nextID      int64
	lose        map[string]bool          // the tool acts, then its answer is lost
	loseBefore  map[string]bool          // the call is lost before it acts
	gates       map[string]chan struct{} // calls of the tool wait until the channel is closed
	beforeCall  func(name string)        // runs (under the lock) before a tool acts
	rpcFailures map[string]error         // the tool fails with this JSON-RPC error
}

func newFakeGateway(t *testing.T, doc toolsDoc) *fakeGateway {
	t.Helper()
	g := &fakeGateway{
		t: t, inputs: map[string]*jsonschema.Schema{}, outputs: map[string]*jsonschema.Schema{},
		calls: map[string]int{}, miniApps: map[string][]map[string]any{}, comments: map[string]string{},
		lose: map[string]bool{}, loseBefore: map[string]bool{}, gates: map[string]chan struct{}{},
		rpcFailures: map[string]error{}, nextID: 100,
		workspaces: []map[string]any{{"workspaceId": 1, "workspaceName": "Acme"}},
	}
	g.miniApps["1"] = []map[string]any{{"miniAppId": 10, "appName": "demo-app", "displayName": "Demo"}}
	for _, name := range UsedTools() {
		if doc.tool(name) == nil {
			continue
		}
		g.inputs[name] = doc.schema(t, name, "inputSchema")
		g.outputs[name] = doc.schema(t, name, "outputSchema")
	}
	return g
}

// newTestCatalog is a catalog of testIdentity over g, with console-tools.json's tools.
func newTestCatalog(t *testing.T, g *fakeGateway) *Catalog {
	t.Helper()
	return NewCatalog(g, loadToolsDoc(t).checked(t), testIdentity)
}

func (g *fakeGateway) CallTool(ctx context.Context, name string, args map[string]any) (json.RawMessage, error) {
	g.mu.Lock()
	g.calls[name]++
	gate := g.gates[name]
	g.mu.Unlock()

	if err := validateAgainst(g.t, g.inputs[name], args); err != nil {
		g.t.Errorf("the catalog sent %s arguments its inputSchema refuses: %v\n%v", name, err, args)
		return nil, err
	}
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}

	g.mu.Lock()
	defer g.mu.Unlock()
	lost := &LostAnswerError{Tool: name, Attempts: 1, Err: errors.New("connection reset after the request was sent")}
	if g.loseBefore[name] {
		return nil, lost
	}
	if err := g.rpcFailures[name]; err != nil {
		return DecodeCallResult(name, nil, err)
	}
	if g.beforeCall != nil {
		g.beforeCall(name)
	}
	answer, refusal := g.handle(name, wireArgs(g.t, args))
	if g.lose[name] {
		return nil, lost
	}
	if refusal != nil {
		return DecodeCallResult(name, refusal.result(), refusal.rpcError())
	}
	if err := validateAgainst(g.t, g.outputs[name], answer); err != nil {
		g.t.Fatalf("the fake answered %s outside its outputSchema: %v", name, err)
	}
	return DecodeCallResult(name, &mcp.CallToolResult{StructuredContent: answer}, nil)
}

// refusal is how the fake says no: a JSON-RPC -32000, or an isError result with JSON text.
type refusal struct {
	rpcNotFound bool
	code        string
	reason      string
	field       string
}

func (r *refusal) rpcError() error {
	if r.rpcNotFound {
		return &jsonrpc.Error{Code: -32000, Message: "존재하지 않는 정보 입니다"}
	}
	return nil
}

func (r *refusal) result() *mcp.CallToolResult {
	if r.rpcNotFound {
		return nil
	}
	text, _ := json.Marshal(map[string]any{"errorCode": r.code, "reason": r.reason, "field": r.field})
	return &mcp.CallToolResult{IsError: true, Content: []mcp.Content{&mcp.TextContent{Text: string(text)}}}
}

var notFound = &refusal{rpcNotFound: true}

// wireArgs is args as the gateway would read them from the wire.
func wireArgs(t *testing.T, args map[string]any) map[string]any {
	data, err := json.Marshal(args)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var out map[string]any
	if err := dec.Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

func (g *fakeGateway) handle(name string, a map[string]any) (any, *refusal) {
	switch name {
	case "workspace_list":
		return map[string]any{"workspaces": g.workspaces}, nil
	case "miniapp_list":
		apps, ok := g.miniApps[str(a["workspaceId"])]
		if !ok {
			return nil, notFound
		}
		return map[string]any{"miniApps": apps}, nil
	case "push_template_list":
		return page(g.templates, a), nil
	case "push_template_create":
		for _, t := range g.templates {
			if t["code"] == a["code"] {
				return nil, &refusal{code: "CONFLICT", reason: "이미 존재하는 템플릿 코드입니다", field: "code"}
			}
		}
		t := map[string]any{"code": a["code"], "templateSetCode": "demo-app-" + str(a["code"])}
		setTemplateFields(t, a)
		g.templates = append(g.templates, t)
		return t, nil
	case "push_template_update":
		t := findBy(g.templates, "templateSetCode", str(a["templateSetCode"]))
		if t == nil {
			return nil, &refusal{code: "NOT_FOUND", reason: "템플릿이 없습니다"}
		}
		setTemplateFields(t, a)
		return t, nil
	case "promotion_list":
		return page(g.promotions, a), nil
	case "promotion_get":
		if p := findBy(g.promotions, "promotionCode", str(a["promotionCode"])); p != nil {
			return p, nil
		}
		return nil, notFound
	case "promotion_create":
		g.nextID++
		p := map[string]any{"promotionCode": fmt.Sprintf("01PROMO%04d", g.nextID), "status": "READY", "budgetUsed": 0}
		setPromotionFields(p, a)
		g.promotions = append(g.promotions, p)
		return p, nil
	case "promotion_modify":
		p := findBy(g.promotions, "promotionCode", str(a["promotionCode"]))
		if p == nil {
			return nil, notFound
		}
		setPromotionFields(p, a)
		return p, nil
	case "promotion_change_status":
		p := findBy(g.promotions, "promotionCode", str(a["promotionCode"]))
		if p == nil {
			return nil, notFound
		}
		p["status"] = a["status"]
		return p, nil
	case "promotion_review_comment":
		code := str(a["promotionCode"])
		if findBy(g.promotions, "promotionCode", code) == nil {
			return nil, notFound
		}
		var comment any
		if c, ok := g.comments[code]; ok {
			comment = c
		}
		return map[string]any{"promotionCode": code, "reviewComment": comment}, nil
	case "iap_product_list":
		return page(g.products, a), nil
	case "iap_product_get":
		if p := findBy(g.products, "productId", str(a["productId"])); p != nil {
			return p, nil
		}
		return nil, notFound
	case "iap_product_create_inspection":
		g.nextID++
		p := map[string]any{"productId": g.nextID, "sku": fmt.Sprintf("demo-app.%d", g.nextID),
			"productType": a["type"], "catalogStatus": "NOT_REGISTERED_YET"}
		if s, ok := a["postInspectionStatus"]; ok {
			p["postInspectionStatus"] = s
		}
		setProductFields(p, a)
		g.products = append(g.products, p)
		return p, nil
	case "iap_product_update_inspection":
		p := findBy(g.products, "productId", str(a["productId"]))
		if p == nil {
			return nil, notFound
		}
		setProductFields(p, a)
		return p, nil
	case "iap_product_change_status":
		p := findBy(g.products, "productId", str(a["productId"]))
		if p == nil {
			return nil, notFound
		}
		p["catalogStatus"] = a["status"]
		return p, nil
	}
	g.t.Fatalf("the fake has no tool %s", name)
	return nil, nil
}

func setTemplateFields(t, a map[string]any) {
	for _, k := range []string{"name", "title", "body"} {
		t[k] = a[k]
	}
	replaceOptional(t, a, "landingUrl", "landingUrl")
	t["agreementRequired"] = a["agreementRequired"] == true
	t["reviewStatus"] = "IN_REVIEW"
	delete(t, "reviewComment")
}

func setPromotionFields(p, a map[string]any) {
	for _, k := range []string{"name", "missionName", "benefitTabExposed", "totalBudget", "maxAmountPerUserPerDay",
		"grantType", "amount"} {
		p[k] = a[k]
	}
	replaceOptional(p, a, "landingUrl", "landingUrl")
	p["reviewStatus"] = "IN_REVIEW"
}

func setProductFields(p, a map[string]any) {
	p["productName"] = a["name"]
	p["description"] = a["description"]
	p["netPrice"] = a["price"]
	price, _ := a["price"].(json.Number).Int64()
	p["grossPrice"] = price + price/10
	p["iconImgUrl"] = a["iconImgUrl"]
	for _, k := range []string{"minDeploymentId", "renewalCycle", "discountPolicies"} {
		replaceOptional(p, a, k, k)
	}
	p["currentInspection"] = map[string]any{"id": 1, "status": "IN_PROGRESS"}
}

func replaceOptional(dst, src map[string]any, to, from string) {
	if v, ok := src[from]; ok {
		dst[to] = v
	} else {
		delete(dst, to)
	}
}

func findBy(items []map[string]any, key, value string) map[string]any {
	for _, item := range items {
		if str(item[key]) == value {
			return item
		}
	}
	return nil
}

// page answers a list call the way the console pages: 0-based page, size default 20.
func page(items []map[string]any, a map[string]any) map[string]any {
	n, size := int64(0), int64(20)
	if v, ok := a["page"].(json.Number); ok {
		n, _ = v.Int64()
	}
	if v, ok := a["size"].(json.Number); ok {
		size, _ = v.Int64()
	}
	total := (int64(len(items)) + size - 1) / size
	from, to := min(n*size, int64(len(items))), min((n+1)*size, int64(len(items)))
	contents := append([]map[string]any{}, items[from:to]...)
	return map[string]any{"contents": contents, "totalPage": total, "currentPage": n}
}

func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	}
	return fmt.Sprint(v)
}

// count returns how many times each tool was called (tools never called are left out).
func (g *fakeGateway) count() map[string]int {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := make(map[string]int, len(g.calls))
	for k, v := range g.calls {
		out[k] = v
	}
	return out
}

func (g *fakeGateway) total() int {
	n := 0
	for _, v := range g.count() {
		n += v
	}
	return n
}

// describeCounts is the counts in a stable order, for failure messages.
func describeCounts(counts map[string]int) string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	s := ""
	for _, k := range keys {
		s += fmt.Sprintf("%s=%d ", k, counts[k])
	}
	return s
}

// Seeds, in the console's shapes.

func (g *fakeGateway) seedTemplate(code, body string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.templates = append(g.templates, map[string]any{"code": code, "templateSetCode": "demo-app-" + code, "name": "n-" + code,
		"title": "t-" + code, "body": body, "agreementRequired": false, "reviewStatus": "APPROVED"})
}

func (g *fakeGateway) seedPromotion(code, reviewStatus string, in map[string]any) {
	g.mu.Lock()
	defer g.mu.Unlock()
	p := map[string]any{"promotionCode": code, "name": "Spring", "missionName": "Open the app", "benefitTabExposed": true,
		"totalBudget": 1000000, "maxAmountPerUserPerDay": 500, "grantType": "RANDOM_MAX", "amount": 300,
		"status": "READY", "reviewStatus": reviewStatus, "budgetUsed": 0}
	for k, v := range in {
		p[k] = v
	}
	g.promotions = append(g.promotions, p)
}

func (g *fakeGateway) seedProduct(id int64, name string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.products = append(g.products, map[string]any{"productId": id, "productType": "CONSUMABLE", "productName": name,
		"description": "", "netPrice": 1000, "grossPrice": 1100, "iconImgUrl": "https://static.example/gems.png",
		"catalogStatus": "ACTIVE", "currentInspection": nil})
}
