package emulator_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/api/contract"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
)

func makePayment(t *testing.T, inst *emulatortest.Instance, userKey int64, orderNo string, isTest bool) (int, []byte) {
	t.Helper()
	return inst.Do(t, http.MethodPost, partner+"/pay/make-payment", map[string]any{
		"orderNo": orderNo, "productDesc": "테스트 상품", "amount": 11000, "amountTaxFree": 0, "isTestPayment": isTest,
	}, userHeader(userKey))
}

func TestTossPayHappyPathFromStandbyToRefund(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	userKey, _ := inst.SeedUser(t, nil)
	headers := userHeader(userKey)

	status, body := makePayment(t, inst, userKey, "order-1", true)
	var made struct{ PayToken string }
	success(t, status, body, &made)
	sameShape(t, "pay-make-payment-success.json", body)

	statusOf := func() map[string]any {
		st, b := inst.Do(t, http.MethodPost, partner+"/pay/get-payment-status",
			map[string]any{"payToken": made.PayToken, "orderNo": "order-1", "isTestPayment": true}, headers)
		var out map[string]any
		success(t, st, b, &out)
		return out
	}
	if got := statusOf(); got["payStatus"] != "PAY_STANDBY" || got["mode"] != "TEST" || got["amountVat"] != 1000.0 {
		t.Fatalf("after make-payment: %v", got)
	}

	// Execute before the buyer paid: a business error, HTTP 200.
	st, b := inst.Do(t, http.MethodPost, partner+"/pay/execute-payment",
		map[string]any{"payToken": made.PayToken, "isTestPayment": true}, headers)
	failure(t, st, b, http.StatusOK, "PAYMENT_INVALID_STATUS")

	inst.ApprovePayment(t, "order-1")
	st, b = inst.Do(t, http.MethodPost, partner+"/pay/execute-payment",
		map[string]any{"payToken": made.PayToken, "orderNo": "order-1", "isTestPayment": true}, headers)
	var executed map[string]any
	success(t, st, b, &executed)
	sameShape(t, "pay-execute-payment-success.json", b)
	if executed["stateMsg"] != "결제 완료" || executed["payMethod"] != "TOSS_MONEY" || executed["paidAmount"] != 11000.0 {
		t.Errorf("execute: %v", executed)
	}

	st, b = inst.Do(t, http.MethodPost, partner+"/pay/refund-payment",
		map[string]any{"payToken": made.PayToken, "reason": "고객 요청", "isTestPayment": true}, headers)
	success(t, st, b, nil)
	sameShape(t, "pay-refund-payment-success.json", b)

	st, b = inst.Do(t, http.MethodPost, partner+"/pay/get-payment-status",
		map[string]any{"orderNo": "order-1", "isTestPayment": true}, headers)
	success(t, st, b, nil)
	sameShape(t, "pay-get-payment-status-success.json", b)
	got := statusOf()
	txs := got["transactions"].([]any)
	if got["payStatus"] != "REFUND_SUCCESS" || len(txs) != 2 || txs[1].(map[string]any)["transactionAmount"] != -11000.0 {
		t.Errorf("after refund: %v", got)
	}

	// Refunding again is a state error.
	st, b = inst.Do(t, http.MethodPost, partner+"/pay/refund-payment",
		map[string]any{"payToken": made.PayToken, "isTestPayment": true}, headers)
	failure(t, st, b, http.StatusOK, "PAYMENT_INVALID_STATUS")
}

func TestMakePaymentRules(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	userKey, _ := inst.SeedUser(t, nil)
	status, body := makePayment(t, inst, userKey, "dup-1", false)
	success(t, status, body, nil)

	// A used orderNo, in either mode: PAYMENT_EXISTING_PAYMENT with HTTP 200.
	status, body = makePayment(t, inst, userKey, "dup-1", true)
	failure(t, status, body, http.StatusOK, "PAYMENT_EXISTING_PAYMENT")
	sameShape(t, "pay-make-payment-existing-payment.json", body)

	bad := []struct {
		field string
		body  map[string]any
	}{
		{"orderNo", map[string]any{"orderNo": "has space", "productDesc": "x", "amount": 100, "amountTaxFree": 0, "isTestPayment": true}},
		{"orderNo", map[string]any{"orderNo": "a123456789012345678901234567890123456789012345678901", "productDesc": "x", "amount": 100, "amountTaxFree": 0, "isTestPayment": true}},
		{"productDesc", map[string]any{"orderNo": "o-2", "productDesc": "say \"hi\"", "amount": 100, "amountTaxFree": 0, "isTestPayment": true}},
		{"productDesc", map[string]any{"orderNo": "o-2", "productDesc": "   ", "amount": 100, "amountTaxFree": 0, "isTestPayment": true}},
		{"amount", map[string]any{"orderNo": "o-2", "productDesc": "x", "amount": 10000000, "amountTaxFree": 0, "isTestPayment": true}},
		{"amountTaxFree", map[string]any{"orderNo": "o-2", "productDesc": "x", "amount": 100, "isTestPayment": true}},
		{"isTestPayment", map[string]any{"orderNo": "o-2", "productDesc": "x", "amount": 100, "amountTaxFree": 0}},
	}
	for _, tc := range bad {
		resp, err := inst.RawDo(t, http.MethodPost, partner+"/pay/make-payment", tc.body, userHeader(userKey))
		if err != nil {
			t.Fatal(err)
		}
		invalidField(t, resp.Status, resp.Body, tc.field)
	}
	// Without a user header; with a user the app does not know.
	resp, _ := inst.RawDo(t, http.MethodPost, partner+"/pay/make-payment", bad[0].body, nil)
	invalidField(t, resp.Status, resp.Body, "x-toss-user-key")
	status, body = makePayment(t, inst, 987654321, "o-3", true)
	invalidField(t, status, body, "x-toss-user-key")
}

func TestPaymentIsBoundToItsModeUserAndApp(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	userKey, _ := inst.SeedUser(t, nil)
	otherUser, _ := inst.SeedUser(t, nil)
	token := inst.CreatePayment(t, emulator.PaymentSpec{UserKey: userKey, OrderNo: "bound-1", ProductDesc: "상품",
		Amount: 5000, IsTestPayment: false, Status: "PAY_APPROVED"})

	st, b := inst.Do(t, http.MethodPost, partner+"/pay/execute-payment",
		map[string]any{"payToken": token, "isTestPayment": true}, userHeader(userKey))
	invalidField(t, st, b, "isTestPayment")
	st, b = inst.Do(t, http.MethodPost, partner+"/pay/execute-payment",
		map[string]any{"payToken": token, "isTestPayment": false}, userHeader(otherUser))
	invalidField(t, st, b, "x-toss-user-key")
	st, b = inst.Do(t, http.MethodPost, partner+"/pay/execute-payment",
		map[string]any{"payToken": "nope", "isTestPayment": false}, userHeader(userKey))
	invalidField(t, st, b, "payToken")

	// get-payment-status of an unknown payment is 404 (the OAS declares it).
	st, b = inst.Do(t, http.MethodPost, partner+"/pay/get-payment-status",
		map[string]any{"orderNo": "missing", "isTestPayment": false}, userHeader(userKey))
	failure(t, st, b, http.StatusNotFound, "NOT_FOUND")

	// The live payment reports mode LIVE.
	st, b = inst.Do(t, http.MethodPost, partner+"/pay/execute-payment",
		map[string]any{"payToken": token, "isTestPayment": false}, userHeader(userKey))
	var out map[string]any
	success(t, st, b, &out)
	if out["mode"] != "LIVE" {
		t.Errorf("mode %v, want LIVE", out["mode"])
	}

	// Another app does not see the payment at all.
	st, b = inst.DoAs(t, inst.OtherAppCertFile, inst.OtherAppKeyFile, http.MethodPost, partner+"/pay/get-payment-status",
		map[string]any{"orderNo": "bound-1", "isTestPayment": false}, userHeader(userKey))
	if st == http.StatusOK {
		t.Errorf("another app read the payment: %s", b)
	}
}

func TestCardPaymentShowsCardFields(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	userKey, _ := inst.SeedUser(t, nil)
	token := inst.CreatePayment(t, emulator.PaymentSpec{UserKey: userKey, OrderNo: "card-1", ProductDesc: "상품",
		Amount: 50000, IsTestPayment: true})
	inst.Admin(t, http.MethodPost, "payments/card-1/approve", map[string]any{"payMethod": "CARD"}, nil)
	st, b := inst.Do(t, http.MethodPost, partner+"/pay/execute-payment",
		map[string]any{"payToken": token, "isTestPayment": true}, userHeader(userKey))
	success(t, st, b, nil)
	sameShape(t, "pay-execute-payment-success-card.json", b)

	st, b = inst.Do(t, http.MethodPost, partner+"/pay/get-payment-status",
		map[string]any{"payToken": token, "isTestPayment": true}, userHeader(userKey))
	var status map[string]any
	success(t, st, b, &status)
	if card, ok := status["card"].(map[string]any); !ok || card["cardCompanyCode"] != 1.0 {
		t.Errorf("card details: %v", status["card"])
	}
}

func TestSeededPaymentStandbyShape(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	userKey, _ := inst.SeedUser(t, nil)
	token := inst.CreatePayment(t, emulator.PaymentSpec{UserKey: userKey, OrderNo: "standby-1", ProductDesc: "상품",
		Amount: 10, IsTestPayment: true})
	st, b := inst.Do(t, http.MethodPost, partner+"/pay/get-payment-status",
		map[string]any{"payToken": token, "isTestPayment": true}, userHeader(userKey))
	success(t, st, b, nil)
	hasShape(t, "pay-get-payment-status-standby.json", b)
}

// The documented intermediate states are reached through the flow: with a hold on, execute and
// refund stop in progress and answer HTTP_TIMEOUT, the payment is reconciled by reading its
// status, and the bank's late answer (the admin complete call) finishes it.
func TestPaymentHoldsReachProgressStates(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	userKey, _ := inst.SeedUser(t, nil)
	headers := userHeader(userKey)
	payToken := inst.CreatePayment(t, emulator.PaymentSpec{UserKey: userKey, OrderNo: "held-1", ProductDesc: "상품",
		Amount: 5000, IsTestPayment: true, Status: "PAY_APPROVED"})
	statusOf := func() map[string]any {
		t.Helper()
		st, b := inst.Do(t, http.MethodPost, partner+"/pay/get-payment-status",
			map[string]any{"payToken": payToken, "isTestPayment": true}, headers)
		var out map[string]any
		success(t, st, b, &out)
		return out
	}
	call := func(op string) (int, []byte) {
		return inst.Do(t, http.MethodPost, partner+"/pay/"+op, map[string]any{"payToken": payToken, "isTestPayment": true}, headers)
	}
	var holds emulator.PayHolds
	inst.Admin(t, http.MethodPost, "payment-holds", map[string]any{"execute": true}, &holds)
	if !holds.Execute || holds.Refund {
		t.Fatalf("holds %+v", holds)
	}

	st, b := call("execute-payment")
	if st != http.StatusOK {
		t.Fatalf("held execute: HTTP %d %s", st, b)
	}
	sameShape(t, "common-http-timeout.json", b)
	if env := decodeEnvelope(t, b); env.ResultType != "HTTP_TIMEOUT" {
		t.Fatalf("held execute: %s", b)
	}
	if got := statusOf(); got["payStatus"] != "PAY_PROGRESS" || got["paidAmount"] != 0.0 || len(got["transactions"].([]any)) != 0 {
		t.Fatalf("after a held execute: %v", got)
	}
	st, b = call("execute-payment")
	failure(t, st, b, http.StatusOK, "PAYMENT_INVALID_STATUS") // in progress: not executable again

	inst.Admin(t, http.MethodPost, "payments/held-1/complete", nil, nil)
	if got := statusOf(); got["payStatus"] != "PAY_COMPLETE" || got["paidAmount"] != 5000.0 || len(got["transactions"].([]any)) != 1 {
		t.Fatalf("after completing the execute: %v", got)
	}

	inst.Admin(t, http.MethodPost, "payment-holds", map[string]any{"refund": true}, &holds)
	st, b = call("refund-payment")
	if env := decodeEnvelope(t, b); st != http.StatusOK || env.ResultType != "HTTP_TIMEOUT" {
		t.Fatalf("held refund: HTTP %d %s", st, b)
	}
	if got := statusOf(); got["payStatus"] != "REFUND_PROGRESS" {
		t.Fatalf("after a held refund: %v", got)
	}
	inst.Admin(t, http.MethodPost, "payments/held-1/complete", nil, nil)
	got := statusOf()
	txs := got["transactions"].([]any)
	if got["payStatus"] != "REFUND_SUCCESS" || len(txs) != 2 || txs[1].(map[string]any)["transactionAmount"] != -5000.0 {
		t.Fatalf("after completing the refund: %v", got)
	}
	// Nothing is in progress any more.
	if st, b := inst.Do(t, http.MethodPost, "/_emulator/payments/held-1/complete", nil, nil); st != http.StatusConflict {
		t.Errorf("completing a finished payment: %d %s", st, b)
	}
	inst.Admin(t, http.MethodGet, "payment-holds", nil, &holds)
	if holds.Execute || !holds.Refund {
		t.Errorf("holds after the last switch: %+v", holds)
	}
}

// Codes the docs do not have are marked as the emulator's own in api/openapi.yaml, on the
// operation that answers them.
func TestPayCodesTheDocsLackAreMarkedAsInventions(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	owner, _ := inst.SeedUser(t, nil)
	other, _ := inst.SeedUser(t, nil)
	payToken := inst.CreatePayment(t, emulator.PaymentSpec{UserKey: owner, OrderNo: "inv-1", ProductDesc: "x", Amount: 100, IsTestPayment: true})
	body := map[string]any{"payToken": payToken, "isTestPayment": true}
	for _, tc := range []struct {
		op       string
		userKey  int64
		wantCode string
		wantHTTP int
	}{
		{"execute-payment", owner, "PAYMENT_INVALID_STATUS", http.StatusOK},
		{"refund-payment", owner, "PAYMENT_INVALID_STATUS", http.StatusOK},
		{"execute-payment", other, "INVALID_PARAMETER", http.StatusBadRequest},
		{"refund-payment", other, "INVALID_PARAMETER", http.StatusBadRequest},
		{"get-payment-status", other, "INVALID_PARAMETER", http.StatusBadRequest},
	} {
		st, b := inst.Do(t, http.MethodPost, partner+"/pay/"+tc.op, body, userHeader(tc.userKey))
		failure(t, st, b, tc.wantHTTP, tc.wantCode)
		if !inventionListed(t, http.MethodPost, partner+"/pay/"+tc.op, tc.wantCode, tc.wantHTTP) {
			t.Errorf("%s answers %s with HTTP %d, which api/openapi.yaml does not mark in x-emulator-inventions", tc.op, tc.wantCode, tc.wantHTTP)
		}
	}
}

// inventionListed says whether the operation's x-emulator-inventions has an entry for the code
// and HTTP status.
func inventionListed(t *testing.T, method, path, code string, httpStatus int) bool {
	t.Helper()
	item := contract.Load(t).Doc().Paths.Find(path)
	if item == nil || item.GetOperation(method) == nil {
		t.Fatalf("%s %s is not in api/openapi.yaml", method, path)
	}
	raw, err := json.Marshal(item.GetOperation(method).Extensions["x-emulator-inventions"])
	if err != nil {
		t.Fatal(err)
	}
	var inventions []struct {
		ErrorCode  string `json:"errorCode"`
		HTTPStatus int    `json:"httpStatus"`
	}
	_ = json.Unmarshal(raw, &inventions) // absent: no inventions
	for _, inv := range inventions {
		if inv.ErrorCode == code && inv.HTTPStatus == httpStatus {
			return true
		}
	}
	return false
}
