package api_test

import (
	"bytes"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"testing"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/api"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/api/contract"
)

const (
	partner = "/api-partner/v1/apps-in-toss"
	catalog = partner + "/catalog"
)

// goldenRoute says which response of which operation a golden file is a sample of.
type goldenRoute struct {
	method string
	path   string
	status int
}

func post(p string, status int) goldenRoute { return goldenRoute{http.MethodPost, p, status} }
func get(p string, status int) goldenRoute  { return goldenRoute{http.MethodGet, p, status} }
func put(p string, status int) goldenRoute  { return goldenRoute{http.MethodPut, p, status} }
func del(p string, status int) goldenRoute  { return goldenRoute{http.MethodDelete, p, status} }

// goldenRoutes maps every file in golden/ to the operation and status whose response schema
// it must satisfy. Some shared shapes are checked against several operations.
var goldenRoutes = map[string][]goldenRoute{
	"login-generate-token-success.json":                   {post(partner+"/user/oauth2/generate-token", 200)},
	"login-generate-token-success-expires-in-string.json": {post(partner+"/user/oauth2/generate-token", 200)},
	"login-generate-token-invalid-grant.json": {
		post(partner+"/user/oauth2/generate-token", 200),
		post(partner+"/user/oauth2/generate-token", 400),
		post(partner+"/user/oauth2/generate-token", 401),
	},
	"login-generate-token-internal-error.json":      {post(partner+"/user/oauth2/generate-token", 200), post(partner+"/user/oauth2/generate-token", 500)},
	"login-refresh-token-success.json":              {post(partner+"/user/oauth2/refresh-token", 200)},
	"login-refresh-token-fail.json":                 {post(partner+"/user/oauth2/refresh-token", 200), post(partner+"/user/oauth2/refresh-token", 400)},
	"login-refresh-token-invalid-grant.json":        {post(partner+"/user/oauth2/refresh-token", 400)},
	"login-login-me-success.json":                   {get(partner+"/user/oauth2/login-me", 200)},
	"login-login-me-success-no-email.json":          {get(partner+"/user/oauth2/login-me", 200)},
	"login-login-me-success-extra-fields.json":      {get(partner+"/user/oauth2/login-me", 200)},
	"login-login-me-invalid-grant.json":             {get(partner+"/user/oauth2/login-me", 401), get(partner+"/user/oauth2/login-me", 200)},
	"login-login-me-user-not-found.json":            {get(partner+"/user/oauth2/login-me", 200)},
	"login-login-me-retrieve-cert-limit.json":       {get(partner+"/user/oauth2/login-me", 200)},
	"login-remove-by-access-token-success.json":     {post(partner+"/user/oauth2/access/remove-by-access-token", 200)},
	"login-remove-by-user-key-success.json":         {post(partner+"/user/oauth2/access/remove-by-user-key", 200)},
	"pay-make-payment-success.json":                 {post(partner+"/pay/make-payment", 200)},
	"pay-make-payment-existing-payment.json":        {post(partner+"/pay/make-payment", 200)},
	"pay-make-payment-invalid-api-key.json":         {post(partner+"/pay/make-payment", 200)},
	"pay-execute-payment-success.json":              {post(partner+"/pay/execute-payment", 200)},
	"pay-execute-payment-success-card.json":         {post(partner+"/pay/execute-payment", 200)},
	"pay-execute-payment-break-time-of-bank.json":   {post(partner+"/pay/execute-payment", 200)},
	"pay-refund-payment-success.json":               {post(partner+"/pay/refund-payment", 200)},
	"pay-get-payment-status-success.json":           {post(partner+"/pay/get-payment-status", 200)},
	"pay-get-payment-status-standby.json":           {post(partner+"/pay/get-payment-status", 200)},
	"order-get-order-status-purchased.json":         {post(partner+"/order/get-order-status", 200)},
	"order-get-order-status-payment-completed.json": {post(partner+"/order/get-order-status", 200)},
	"order-get-order-status-refunded.json":          {post(partner+"/order/get-order-status", 200)},
	"order-get-order-status-not-found.json":         {post(partner+"/order/get-order-status", 200)},
	"order-get-order-status-miniapp-mismatch.json":  {post(partner+"/order/get-order-status", 200)},
	"messenger-send-message-success.json":           {post(partner+"/messenger/send-message", 200)},
	"messenger-send-message-success-old-result-key.json": {
		post(partner+"/messenger/send-message", 200),
		post(partner+"/messenger/send-test-message", 200),
		post(partner+"/messenger/send-bulk-message", 200),
	},
	"messenger-send-message-invalid-parameter.json": {
		post(partner+"/messenger/send-message", 400),
		post(partner+"/messenger/send-message", 200),
		post(partner+"/messenger/send-bulk-message", 400),
	},
	"messenger-send-test-message-success.json":                 {post(partner+"/messenger/send-test-message", 200)},
	"messenger-send-bulk-message-success.json":                 {post(partner+"/messenger/send-bulk-message", 200)},
	"messenger-send-bulk-message-success-old-fail-reason.json": {post(partner+"/messenger/send-bulk-message", 200)},
	"promotion-get-key-success.json":                           {post(partner+"/promotion/execute-promotion/get-key", 200)},
	"promotion-execute-promotion-success.json":                 {post(partner+"/promotion/execute-promotion", 200)},
	"promotion-execute-promotion-not-found.json":               {post(partner+"/promotion/execute-promotion", 200)},
	"promotion-execute-promotion-not-running.json":             {post(partner+"/promotion/execute-promotion", 200)},
	"promotion-execute-promotion-cannot-grant.json":            {post(partner+"/promotion/execute-promotion", 200)},
	"promotion-execute-promotion-money-short.json":             {post(partner+"/promotion/execute-promotion", 200)},
	"promotion-execute-promotion-key-used.json":                {post(partner+"/promotion/execute-promotion", 200)},
	"promotion-execute-promotion-amount-exceeded.json":         {post(partner+"/promotion/execute-promotion", 200)},
	"promotion-execute-promotion-max-exceeds-budget.json":      {post(partner+"/promotion/execute-promotion", 200)},
	"promotion-execution-result-success.json":                  {post(partner+"/promotion/execution-result", 200)},
	"promotion-execution-result-pending.json":                  {post(partner+"/promotion/execution-result", 200)},
	"promotion-execution-result-failed.json":                   {post(partner+"/promotion/execution-result", 200)},
	"promotion-execution-result-not-found.json":                {post(partner+"/promotion/execution-result", 200)},
	"users-anon-key-verify-success.json":                       {post(partner+"/users/anon-key/verify", 200)},
	"users-anon-key-verify-success-boolean.json":               {post(partner+"/users/anon-key/verify", 200)},
	"users-anon-key-verify-not-found.json":                     {post(partner+"/users/anon-key/verify", 200)},
	"users-anon-key-verify-unauthorized.json":                  {post(partner+"/users/anon-key/verify", 401)},
	"common-fail-success-null.json": {
		post(partner+"/pay/get-payment-status", 200),
		post(partner+"/order/get-order-status", 400),
		get(partner+"/user/oauth2/login-me", 200),
	},
	"common-http-timeout.json": {
		post(partner+"/pay/make-payment", 200),
		post(partner+"/pay/execute-payment", 200),
		post(partner+"/pay/refund-payment", 200),
		post(partner+"/messenger/send-message", 200),
		post(partner+"/promotion/execution-result", 200),
	},
	"common-rate-limit-4095.json": {
		post(partner+"/order/get-order-status", 429),
		post(partner+"/users/anon-key/verify", 429),
		post(partner+"/messenger/send-message", 429),
		post(partner+"/promotion/execute-promotion", 429),
		post(partner+"/user/oauth2/generate-token", 429),
		get(catalog+"/iap-products", 429),
	},
	"common-internal-error.json": {
		post(partner+"/pay/make-payment", 500),
		post(partner+"/user/oauth2/generate-token", 500),
		get(catalog+"/push-templates", 200),
		post(catalog+"/promotions", 200),
		get(catalog+"/iap-products/10482", 500),
	},
	"catalog-push-templates-create-success.json":   {post(catalog+"/push-templates", 201), post(catalog+"/push-templates", 200)},
	"catalog-push-templates-get-approved.json":     {get(catalog+"/push-templates/demo-app-ORDER_SHIPPED", 200), put(catalog+"/push-templates/demo-app-ORDER_SHIPPED", 200)},
	"catalog-push-templates-get-rejected.json":     {get(catalog+"/push-templates/demo-app-ORDER_SHIPPED", 200), del(catalog+"/push-templates/demo-app-ORDER_SHIPPED", 200)},
	"catalog-push-templates-list-success.json":     {get(catalog+"/push-templates", 200)},
	"catalog-push-templates-list-empty.json":       {get(catalog+"/push-templates", 200), get(catalog+"/promotions", 200), get(catalog+"/iap-products", 200)},
	"catalog-push-templates-create-conflict.json":  {post(catalog+"/push-templates", 409)},
	"catalog-promotions-create-success.json":       {post(catalog+"/promotions", 201)},
	"catalog-promotions-get-running.json":          {get(catalog+"/promotions/01JPPJ6SB66BQXXDAKRQZ6SZD7", 200), post(catalog+"/promotions/01JPPJ6SB66BQXXDAKRQZ6SZD7/status", 200)},
	"catalog-promotions-status-stopped.json":       {post(catalog+"/promotions/01JPPJ6SB66BQXXDAKRQZ6SZD7/status", 200)},
	"catalog-promotions-delete-ended.json":         {del(catalog+"/promotions/01JPPJ6SB66BQXXDAKRQZ6SZD7", 200)},
	"catalog-promotions-list-success.json":         {get(catalog+"/promotions", 200)},
	"catalog-promotions-status-conflict.json":      {post(catalog+"/promotions/01JPPJ6SB66BQXXDAKRQZ6SZD7/status", 409)},
	"catalog-iap-products-create-consumable.json":  {post(catalog+"/iap-products", 201)},
	"catalog-iap-products-get-subscription.json":   {get(catalog+"/iap-products/10483", 200), put(catalog+"/iap-products/10483", 200)},
	"catalog-iap-products-status-inactive.json":    {put(catalog+"/iap-products/10484/status/INACTIVE", 200)},
	"catalog-iap-products-delete-inactive.json":    {del(catalog+"/iap-products/10482", 200)},
	"catalog-iap-products-list-success.json":       {get(catalog+"/iap-products", 200)},
	"catalog-iap-products-create-cap-reached.json": {post(catalog+"/iap-products", 409)},
	"catalog-common-invalid-parameter.json": {
		post(catalog+"/iap-products", 400),
		put(catalog+"/promotions/01JPPJ6SB66BQXXDAKRQZ6SZD7", 400),
		get(catalog+"/push-templates", 400),
	},
	"catalog-common-not-found.json": {
		get(catalog+"/push-templates/demo-app-MISSING", 404),
		del(catalog+"/promotions/01JPPJ6SB66BQXXDAKRQZ6SZD7", 404),
		put(catalog+"/iap-products/99999/status/ACTIVE", 404),
	},
	"catalog-common-idempotency-key-reused.json": {
		post(catalog+"/push-templates", 409),
		put(catalog+"/iap-products/10482", 409),
		del(catalog+"/promotions/01JPPJ6SB66BQXXDAKRQZ6SZD7", 409),
	},
	"catalog-common-rate-limit.json": {
		post(catalog+"/promotions", 429),
		get(catalog+"/push-templates/demo-app-ORDER_SHIPPED", 429),
	},
}

// goldenWebhooks maps the golden files of requests Apps in Toss sends to partners to the webhook
// (in api/openapi.yaml's webhooks) whose POST body they must satisfy.
var goldenWebhooks = map[string]string{
	"subscription-status-changed.json":        "subscriptionStatusChanged",
	"callback-registration-verification.json": "callbackRegistrationVerification",
	"unlink-callback-post.json":               "unlinkCallback",
}

func TestSpecLoadsAndValidates(t *testing.T) {
	v := contract.Load(t)
	doc := v.Doc()
	if !doc.IsOpenAPI31OrLater() {
		t.Fatalf("openapi = %q, want 3.1.x", doc.OpenAPI)
	}
	var hosts []string
	for _, s := range doc.Servers {
		hosts = append(hosts, s.URL)
	}
	want := []string{"https://apps-in-toss-api.toss.im", "https://pay-apps-in-toss-api.toss.im"}
	if !slices.Equal(hosts, want) {
		t.Errorf("servers = %v, want %v (the host alone; paths are written in full)", hosts, want)
	}
}

func TestEveryGoldenFileSatisfiesItsOperation(t *testing.T) {
	v := contract.Load(t)
	files, err := fs.Glob(api.Golden, "golden/*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no golden files embedded")
	}
	seen := map[string]bool{}
	for _, f := range files {
		name := path.Base(f)
		seen[name] = true
		body, err := fs.ReadFile(api.Golden, f)
		if err != nil {
			t.Fatal(err)
		}
		routes, ok := goldenRoutes[name]
		if !ok {
			t.Errorf("%s has no entry in goldenRoutes: say which operation it is a response of", name)
			continue
		}
		for _, r := range routes {
			t.Run(name+"/"+r.method+" "+path.Base(r.path), func(t *testing.T) {
				v.ValidateResponseBody(t, r.method, r.path, r.status, nil, body)
			})
		}
	}
	for name := range goldenRoutes {
		if !seen[name] {
			t.Errorf("goldenRoutes names %s, which is not in golden/", name)
		}
	}
}

func TestEveryGoldenWebhookSatisfiesItsWebhook(t *testing.T) {
	v := contract.Load(t)
	files, err := fs.Glob(api.GoldenWebhooks, "golden/webhooks/*.json")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range files {
		name := path.Base(f)
		seen[name] = true
		webhook, ok := goldenWebhooks[name]
		if !ok {
			t.Errorf("%s has no entry in goldenWebhooks: say which webhook it is a sample of", name)
			continue
		}
		body, err := fs.ReadFile(api.GoldenWebhooks, f)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, "https://partner.example/callback", bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			if err := v.CheckWebhook(webhook, req); err != nil {
				t.Errorf("violates webhook %s of api/openapi.yaml: %v", webhook, err)
			}
		})
	}
	if len(files) != len(goldenWebhooks) {
		t.Errorf("%d files in golden/webhooks/, %d entries in goldenWebhooks", len(files), len(goldenWebhooks))
	}
	for name := range goldenWebhooks {
		if !seen[name] {
			t.Errorf("goldenWebhooks names %s, which is not in golden/webhooks/", name)
		}
	}
}
