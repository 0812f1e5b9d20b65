package client

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"testing"
)

func TestGetPaymentStatusAsksThePayHostForTheBuyersPayment(t *testing.T) {
	t.Parallel()
	c, s := newRuntimeClient(t, Config{}, answerWith(200, golden(t, "pay-get-payment-status-success")))
	p, err := c.GetPaymentStatus(context.Background(), PaymentStatusRequest{UserKey: 443731103, OrderNo: "20250417-2",
		PayToken: "O1NZck9XME8ureeVJVJP67", IsTestPayment: true})
	if err != nil {
		t.Fatal(err)
	}
	reqs := s.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	req := reqs[0]
	if req.Host != "pay" || req.Method != http.MethodPost || req.Path != "/api-partner/v1/apps-in-toss/pay/get-payment-status" {
		t.Errorf("sent %s %s to the %s host", req.Method, req.Path, req.Host)
	}
	if got := req.Header.Get("x-toss-user-key"); got != "443731103" {
		t.Errorf("x-toss-user-key = %q", got)
	}
	var body map[string]any
	_ = json.Unmarshal(req.Body, &body)
	if want := (map[string]any{"orderNo": "20250417-2", "payToken": "O1NZck9XME8ureeVJVJP67", "isTestPayment": true}); !reflect.DeepEqual(body, want) {
		t.Errorf("body = %v, want %v", body, want)
	}

	want := &Payment{Mode: "TEST", PayToken: "O1NZck9XME8ureeVJVJP67", OrderNo: "20250417-2", PayStatus: RefundSuccess,
		PayMethod: "TOSS_MONEY", Amount: ptrInt(10), DiscountedAmount: ptrInt(0), PaidAmount: ptrInt(10),
		RefundableAmount: ptrInt(0), CreatedAt: "2025-04-17 12:31:02", PaidAt: "2025-04-17 12:32:10",
		Transactions: []PaymentTransaction{
			{StepType: "PAY", TransactionID: "45a77cf4-5577-4d5c-8827-4d4dd328bf12", TransactionAmount: ptrInt(10), PaidAmount: ptrInt(10), RegisteredAt: "2025-04-17 12:32:10"},
			{StepType: "REFUND", TransactionID: "9c1d7e02-6b3a-4d51-8f2e-7a4b5c6d7e8f", TransactionAmount: ptrInt(-10), PaidAmount: ptrInt(10), RegisteredAt: "2025-04-17 13:05:44"},
		}}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("payment =\n%+v\nwant\n%+v", p, want)
	}
}

func TestGetPaymentStatusOfAPaymentNotYetPaid(t *testing.T) {
	t.Parallel()
	c, s := newRuntimeClient(t, Config{}, answerWith(200, golden(t, "pay-get-payment-status-standby")))
	p, err := c.GetPaymentStatus(context.Background(), PaymentStatusRequest{UserKey: 1, OrderNo: "20250418-1"})
	if err != nil {
		t.Fatal(err)
	}
	if p.PayStatus != PayStandby || p.PayMethod != "" || p.PaidAt != "" || p.DiscountedAmount != nil ||
		len(p.Transactions) != 0 || p.Transactions == nil || *p.Amount != 3000 {
		t.Errorf("payment = %+v", p)
	}
	var body map[string]any
	_ = json.Unmarshal(s.requests()[0].Body, &body)
	if want := (map[string]any{"orderNo": "20250418-1", "isTestPayment": false}); !reflect.DeepEqual(body, want) {
		t.Errorf("body = %v, want %v (no payToken when none is given)", body, want)
	}
}

func TestGetPaymentStatusOfAnUnknownPaymentIsNotFound(t *testing.T) {
	t.Parallel()
	notFound := `{"resultType":"FAIL","success":null,"error":{"errorCode":"NOT_FOUND","reason":"결제를 찾을 수 없어요."}}`
	c, s := newRuntimeClient(t, Config{}, answerWith(404, notFound))
	_, err := c.GetPaymentStatus(context.Background(), PaymentStatusRequest{UserKey: 5, OrderNo: "missing"})
	if !IsNotFound(err) {
		t.Fatalf("got %v, want not found", err)
	}
	if n := len(s.requests()); n != 1 {
		t.Errorf("%d requests: a 404 is not retried", n)
	}
}

func TestGetPaymentStatusToleratesStringAmounts(t *testing.T) {
	t.Parallel()
	body := `{"resultType":"SUCCESS","success":{"payStatus":"PAY_COMPLETE","amount":"1200","paidAmount":1200,"transactions":null}}`
	c, _ := newUncheckedRuntimeClient(t, Config{}, answerWith(200, body))
	p, err := c.GetPaymentStatus(context.Background(), PaymentStatusRequest{UserKey: 5, OrderNo: "o-1"})
	if err != nil {
		t.Fatal(err)
	}
	if *p.Amount != 1200 || *p.PaidAmount != 1200 || p.RefundableAmount != nil || p.Transactions == nil {
		t.Errorf("payment = %+v", p)
	}
}

func TestGetPaymentStatusRefusesBadInputBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	c, s := newRuntimeClient(t, Config{}, answerWith(200, golden(t, "pay-get-payment-status-success")))
	for _, req := range []PaymentStatusRequest{{UserKey: 0, OrderNo: "o"}, {UserKey: 1 << 53, OrderNo: "o"}, {UserKey: 1}} {
		if _, err := c.GetPaymentStatus(context.Background(), req); err == nil {
			t.Errorf("%+v accepted", req)
		}
	}
	if n := len(s.requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestGetPaymentStatusWithoutPayStatusIsUnexpected(t *testing.T) {
	t.Parallel()
	c, _ := newUncheckedRuntimeClient(t, Config{}, answerWith(200, `{"resultType":"SUCCESS","success":{"orderNo":"o"}}`))
	_, err := c.GetPaymentStatus(context.Background(), PaymentStatusRequest{UserKey: 5, OrderNo: "o"})
	var ue *UnexpectedResponseError
	if !errors.As(err, &ue) {
		t.Fatalf("got %v", err)
	}
}
