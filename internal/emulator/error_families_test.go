package emulator_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/api/contract"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
)

// documentedFamilies reads ErrorBody's x-emulator-error-families from api/openapi.yaml: the
// errorType and title each listed errorCode must carry.
func documentedFamilies(t *testing.T) map[string]struct {
	errorType float64
	title     string
} {
	t.Helper()
	schema := contract.Load(t).Doc().Components.Schemas["ErrorBody"]
	raw, err := json.Marshal(schema.Value.Extensions["x-emulator-error-families"])
	if err != nil {
		t.Fatal(err)
	}
	var families []struct {
		ErrorType *float64 `json:"errorType"`
		Title     string   `json:"title"`
		Codes     []string `json:"codes"`
	}
	if err := json.Unmarshal(raw, &families); err != nil || len(families) == 0 {
		t.Fatalf("api/openapi.yaml: ErrorBody has no readable x-emulator-error-families (%v): %s", err, raw)
	}
	out := map[string]struct {
		errorType float64
		title     string
	}{}
	for _, f := range families {
		for _, code := range f.Codes {
			out[code] = struct {
				errorType float64
				title     string
			}{*f.ErrorType, f.Title}
		}
	}
	return out
}

// Every failure carries errorType and title, and for each code the emulator answers with they are
// the ones api/openapi.yaml documents.
func TestFailuresCarryTheDocumentedErrorTypeAndTitle(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	userKey, _ := inst.SeedUser(t, nil)
	families := documentedFamilies(t)

	raw := func(method, path string, body any, headers map[string]string) []byte {
		t.Helper()
		resp, err := inst.RawDo(t, method, path, body, headers)
		if err != nil {
			t.Fatal(err)
		}
		return resp.Body
	}
	do := func(method, path string, body any, headers map[string]string) []byte {
		t.Helper()
		_, b := inst.Do(t, method, path, body, headers)
		return b
	}
	fault := func(kind, route string, method, path string, body any, headers map[string]string) []byte {
		t.Helper()
		inst.SetFaults(t, emulatortest.FaultSpec{Rate: 1, Kinds: []string{kind}, Routes: []string{route}})
		defer inst.ClearFaults(t)
		return raw(method, path, body, headers)
	}
	payment := func(orderNo string) map[string]any {
		return map[string]any{"orderNo": orderNo, "productDesc": "상품", "amount": 1000, "amountTaxFree": 0, "isTestPayment": true}
	}

	do(http.MethodPost, catalog+"/push-templates", templateBody("TAKEN"), idem("t-1"))
	do(http.MethodPost, partner+"/pay/make-payment", payment("fam-1"), userHeader(userKey))
	standby := inst.CreatePayment(t, emulator.PaymentSpec{UserKey: userKey, OrderNo: "fam-2", ProductDesc: "x", Amount: 100, IsTestPayment: true})
	answers := map[string][]byte{
		"INVALID_PARAMETER":      raw(http.MethodPost, catalog+"/push-templates", templateBody("lower"), idem("t-2")),
		"PAYLOAD_TOO_LARGE":      raw(http.MethodPost, catalog+"/push-templates", strings.Repeat("x", 2<<20), idem("t-3")),
		"NOT_FOUND":              do(http.MethodGet, catalog+"/push-templates/demo-app-NOPE", nil, nil),
		"CONFLICT":               do(http.MethodPost, catalog+"/push-templates", templateBody("TAKEN"), idem("t-4")),
		"IDEMPOTENCY_KEY_REUSED": do(http.MethodPost, catalog+"/push-templates", templateBody("OTHER"), idem("t-1")),
		"4010":                   do(http.MethodPost, partner+"/users/anon-key/verify", nil, map[string]string{"x-anon-key": "unknown"}),
		"invalid_grant":          do(http.MethodPost, partner+"/user/oauth2/refresh-token", map[string]any{"refreshToken": "unknown"}, nil),
		"USER_NOT_FOUND": do(http.MethodPost, partner+"/messenger/send-message",
			map[string]any{"templateSetCode": "demo-app-TAKEN", "context": map[string]any{}}, userHeader(999_999_999)),
		"4100": do(http.MethodPost, partner+"/promotion/execute-promotion",
			map[string]any{"promotionCode": "01JPPJ6SB66BQXXDAKRQZ6SZD7", "key": getKey(t, inst, userKey), "amount": 10}, userHeader(userKey)),
		"PAYMENT_EXISTING_PAYMENT": do(http.MethodPost, partner+"/pay/make-payment", payment("fam-1"), userHeader(userKey)),
		"PAYMENT_INVALID_STATUS": do(http.MethodPost, partner+"/pay/execute-payment",
			map[string]any{"payToken": standby, "isTestPayment": true}, userHeader(userKey)),
		"4095":           fault(emulator.FaultRateLimit, catalog+"/*", http.MethodGet, catalog+"/promotions", nil, nil),
		"INTERNAL_ERROR": fault(emulator.FaultHTTP500, catalog+"/*", http.MethodGet, catalog+"/promotions", nil, nil),
		"COMMON_BREAK_TIME_OF_BANK": fault(emulator.FaultBankBreakTime, partner+"/pay/*", http.MethodPost, partner+"/pay/make-payment",
			payment("fam-3"), userHeader(userKey)),
	}
	for code, body := range answers {
		t.Run(code, func(t *testing.T) {
			var env struct {
				ResultType string
				Error      map[string]any
			}
			if err := json.Unmarshal(body, &env); err != nil || env.ResultType != "FAIL" || env.Error["errorCode"] != code {
				t.Fatalf("want a FAIL with errorCode %s: %s", code, body)
			}
			want, ok := families[code]
			if !ok {
				t.Fatalf("errorCode %s is not listed in ErrorBody's x-emulator-error-families in api/openapi.yaml", code)
			}
			got := fmt.Sprint(env.Error["errorType"], " ", env.Error["title"])
			if got != fmt.Sprint(want.errorType, " ", want.title) {
				t.Errorf("errorType/title %s, want %v %s: %s", got, want.errorType, want.title, body)
			}
		})
	}
}
