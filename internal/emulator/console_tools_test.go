package emulator_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
)

func TestConsoleWorkspaceAndMiniAppsComeFromTheCertificates(t *testing.T) {
	inst := startConsole(t, emulator.DefaultConfig())
	s := consoleSession(t, inst)

	var workspaces map[string]any
	callOK(t, s, "workspace_list", nil, &workspaces)
	if got, want := mustJSON(t, workspaces), `{"workspaces":[{"workspaceId":1,"workspaceName":"에뮬레이터 워크스페이스"}]}`; got != want {
		t.Errorf("workspace_list: %s, want %s", got, want)
	}
	// other-app has never called the mTLS API in this test, and is listed all the same.
	var apps map[string]any
	callOK(t, s, "miniapp_list", map[string]any{"workspaceId": workspaceID}, &apps)
	if got, want := mustJSON(t, apps), `{"miniApps":[{"appName":"demo-app","miniAppId":1001},{"appName":"other-app","miniAppId":1002}]}`; got != want {
		t.Errorf("miniapp_list: %s, want %s", got, want)
	}

	callNotFound(t, s, "miniapp_list", map[string]any{"workspaceId": 2})
	callNotFound(t, s, "push_template_list", map[string]any{"workspaceId": workspaceID, "miniAppId": 1003})
	refusedAt(t, s, "workspace_list", map[string]any{"workspaceId": workspaceID}, "workspaceId")
	refusedAt(t, s, "miniapp_list", nil, "workspaceId")
}

func TestConsoleArgumentsAreCheckedStrictlyAgainstTheInputSchema(t *testing.T) {
	inst := startConsole(t, emulator.DefaultConfig())
	s := consoleSession(t, inst)
	good := map[string]any{"code": "WELCOME", "name": "환영", "title": "환영해요", "body": "반가워요"}
	with := func(k string, v any) map[string]any {
		args := target(good)
		args[k] = v
		return args
	}
	without := func(k string) map[string]any {
		args := target(good)
		delete(args, k)
		return args
	}

	r := refusedAt(t, s, "push_template_create", with("templateSetCode", "demo-app-WELCOME"), "templateSetCode")
	if r.Reason == "" {
		t.Error("the refusal of an unknown argument gives no reason")
	}
	refusedAt(t, s, "push_template_create", with("miniAppId", "1001"), "miniAppId")
	refusedAt(t, s, "push_template_create", with("miniAppId", 1001.5), "miniAppId")
	refusedAt(t, s, "push_template_create", with("agreementRequired", "true"), "agreementRequired")
	refusedAt(t, s, "push_template_create", with("code", "welcome"), "code")
	refusedAt(t, s, "push_template_create", with("name", string(make([]rune, 101))), "name")
	refusedAt(t, s, "push_template_create", without("body"), "body")
	refusedAt(t, s, "push_template_list", target(map[string]any{"size": 101}), "size")
	refusedAt(t, s, "push_template_list", target(map[string]any{"page": -1}), "page")
	refusedAt(t, s, "promotion_change_status", target(map[string]any{"promotionCode": "X", "status": "PAUSED"}), "status")
	refusedAt(t, s, "iap_product_create_inspection", target(map[string]any{"type": "CONSUMABLE", "name": "코인",
		"description": "코인", "price": 1005, "iconImgUrl": "https://cdn.example.com/c.png", "postInspectionStatus": "ACTIVE"}), "price")
	refusedAt(t, s, "iap_product_create_inspection", target(map[string]any{"type": "SUBSCRIPTION", "name": "구독",
		"description": "구독", "price": 1000, "iconImgUrl": "https://cdn.example.com/c.png", "postInspectionStatus": "ACTIVE",
		"renewalCycle": "MONTHLY", "discountPolicies": []any{map[string]any{"type": "FREE_TRIAL", "period": "ONE_WEEK", "days": 7}}}),
		"discountPolicies[0].days")

	if n := templateCount(t, inst); n != 0 {
		t.Errorf("refused calls created %d templates", n)
	}
}

func TestConsoleCountsToolCallsAndLeavesByRouteToTheContract(t *testing.T) {
	inst := startConsole(t, emulator.DefaultConfig())
	s := consoleSession(t, inst)
	before := inst.Stats(t)
	callOK(t, s, "workspace_list", nil, nil)
	callOK(t, s, "push_template_list", target(nil), nil)
	callOK(t, s, "push_template_list", target(nil), nil)
	refusedAt(t, s, "push_template_list", target(map[string]any{"bogus": 1}), "bogus")
	callNotFound(t, s, "promotion_get", target(map[string]any{"promotionCode": "NOPE"}))

	after := inst.Stats(t)
	want := map[string]int64{"workspace_list": 1, "push_template_list": 3, "promotion_get": 1}
	if mustJSON(t, after.ConsoleToolCalls) != mustJSON(t, want) {
		t.Errorf("consoleToolCalls %v, want %v", after.ConsoleToolCalls, want)
	}
	if after.Requests != before.Requests || mustJSON(t, after.ByRoute) != mustJSON(t, before.ByRoute) {
		t.Errorf("console traffic reached requests/byRoute: before %d %v, after %d %v",
			before.Requests, before.ByRoute, after.Requests, after.ByRoute)
	}
	// An mTLS call still counts where it always did.
	inst.GetRaw(t, catalog+"/push-templates")
	if got := inst.Stats(t).ByRoute["GET "+catalog+"/push-templates"]; got != before.ByRoute["GET "+catalog+"/push-templates"]+1 {
		t.Errorf("byRoute for the contract list: %d", got)
	}
}

func TestConsoleAdminRoutesNeedTheConsole(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	for _, path := range []string{"/_emulator/console/tokens", "/_emulator/console/revoke"} {
		status, body := inst.Do(t, http.MethodPost, path, nil, nil)
		if status != http.StatusNotFound {
			t.Errorf("%s without --console-addr: HTTP %d %s, want 404", path, status, body)
		}
	}
	if inst.Emulator().ConsoleURL() != "" {
		t.Error("ConsoleURL is set on an emulator without a console")
	}
	stats := inst.Stats(t)
	if stats.ConsoleToolCalls == nil || len(stats.ConsoleToolCalls) != 0 {
		t.Errorf("consoleToolCalls without a console: %v, want {}", stats.ConsoleToolCalls)
	}
}

func TestConsoleCredentialsMatchTheirSchema(t *testing.T) {
	inst := startConsole(t, emulator.DefaultConfig())
	raw := inst.ConsoleCredentials(t) // through the contract validator (AdminConsoleCredentials)
	schema := compileSchema(t, "https://github.com/appsintoss-terraform/terraform-provider-appsintoss/api/console-credentials.schema.json", credentialsSchema(t))
	doc := unmarshalForSchema(t, raw)
	if err := schema.Validate(doc); err != nil {
		t.Errorf("credentials do not match api/console-credentials.schema.json: %v\n%s", err, raw)
	}
	before := time.Now().Truncate(time.Second)
	creds := consoleCredentials(t, inst)
	after := time.Now()
	if creds.ObtainedAt.Before(before) || creds.ObtainedAt.After(after) || creds.Expiry != creds.ObtainedAt.Add(time.Hour) {
		t.Errorf("obtainedAt %v (want between %v and %v), expiry %v (want an hour later)", creds.ObtainedAt, before, after, creds.Expiry)
	}
	issuer := issuerOf(inst)
	if creds.Version != 1 || creds.ConsoleURL != inst.ConsoleURL || creds.ClientID != "mcp-gateway" ||
		creds.Issuer != issuer || creds.TokenEndpoint != issuer+"/token" || creds.TokenType != "Bearer" {
		t.Errorf("credentials: %+v", creds)
	}
	// The Go method hands out the same kind of token set.
	direct, err := inst.Emulator().IssueConsoleCredentials()
	if err != nil || direct.ConsoleURL != inst.ConsoleURL || direct.AccessToken == creds.AccessToken {
		t.Errorf("IssueConsoleCredentials: %v, %+v", err, direct)
	}
}

// TestConsoleEveryToolRefusesAnArgumentOutsideItsSchema holds one refused call per tool of
// api/console-tools.json; a tool added to the file without one here fails the test.
func TestConsoleEveryToolRefusesAnArgumentOutsideItsSchema(t *testing.T) {
	inst := startConsole(t, emulator.DefaultConfig())
	s := consoleSession(t, inst)
	cases := map[string]struct {
		args  map[string]any
		field string
	}{
		"workspace_list":                {map[string]any{"page": 0}, "page"},
		"miniapp_list":                  {map[string]any{"workspaceId": "1"}, "workspaceId"},
		"push_template_list":            {target(map[string]any{"size": 0}), "size"},
		"push_template_create":          {target(map[string]any{"code": "A", "name": "n", "title": "t", "body": "b"}), "code"},
		"push_template_update":          {target(map[string]any{"templateSetCode": "demo-app-A", "title": "t", "body": "b"}), "name"},
		"promotion_list":                {target(map[string]any{"page": -1}), "page"},
		"promotion_get":                 {target(map[string]any{"promotionCode": 1}), "promotionCode"},
		"promotion_create":              {promotionArgs(map[string]any{"grantType": "RANDOM"}), "grantType"},
		"promotion_modify":              {promotionArgs(map[string]any{"promotionCode": "X", "amount": 5001}), "amount"},
		"promotion_change_status":       {target(map[string]any{"promotionCode": "X", "status": "READY"}), "status"},
		"promotion_review_comment":      {target(nil), "promotionCode"},
		"iap_product_list":              {target(map[string]any{"size": "20"}), "size"},
		"iap_product_get":               {target(map[string]any{"productId": "1"}), "productId"},
		"iap_product_create_inspection": {subscriptionArgs(map[string]any{"currency": "USD"}), "currency"},
		"iap_product_update_inspection": {target(map[string]any{"productId": 1, "name": "n", "description": "d", "price": 399,
			"iconImgUrl": "https://static.example.com/x.png"}), "price"},
		"iap_product_change_status": {target(map[string]any{"productId": 1, "status": "DELETED"}), "status"},
	}
	for name := range consoleToolsFile(t) {
		tc, ok := cases[name]
		if !ok {
			t.Errorf("no refusal case for %s", name)
			continue
		}
		refusedAt(t, s, name, tc.args, tc.field)
	}
}
