package client

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
)

func TestGetIAPOrderStatusReadsEachDocumentedAnswer(t *testing.T) {
	t.Parallel()
	cases := []struct {
		golden string
		want   IAPOrder
	}{
		{"order-get-order-status-purchased", IAPOrder{OrderID: "13c9a1ff-2baa-4495-bbfa-a0826ba8c7c0",
			SKU: "ait.0000010000.af647449.3bd55cfd00.0000000475", Status: IAPOrderPurchased,
			StatusDeterminedAt: "2025-09-12T16:57:12", Reason: "완료된 주문이에요."}},
		{"order-get-order-status-payment-completed", IAPOrder{OrderID: "0198f2a4-5b6c-7d8e-9f01-23456789abcd",
			SKU: "ait.0000010000.af647449.3bd55cfd00.0000000475", Status: IAPOrderPaymentCompleted,
			StatusDeterminedAt: "2025-09-12T16:57:12", Reason: "결제가 완료되었어요."}},
		{"order-get-order-status-refunded", IAPOrder{OrderID: "13c9a1ff-2baa-4495-bbfa-a0826ba8c7c0",
			SKU: "ait.0000010000.af647449.3bd55cfd00.0000000475", Status: IAPOrderRefunded,
			StatusDeterminedAt: "2025-09-14T10:03:55", Reason: "환불된 주문이에요."}},
		{"order-get-order-status-not-found", IAPOrder{OrderID: "0198f2a4-0000-7000-8000-000000000000",
			Status: IAPOrderNotFound, Reason: "주문을 찾을 수 없어요."}},
		{"order-get-order-status-miniapp-mismatch", IAPOrder{OrderID: "0198f2a4-5b6c-7d8e-9f01-23456789abce",
			Status: IAPOrderMiniappMismatch, Reason: "상품 정보가 일치하지 않아요."}},
	}
	for _, tc := range cases {
		t.Run(tc.golden, func(t *testing.T) {
			t.Parallel()
			c, s := newRuntimeClient(t, Config{}, answerWith(200, golden(t, tc.golden)))
			got, err := c.GetIAPOrderStatus(context.Background(), tc.want.OrderID, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*got, tc.want) {
				t.Errorf("order = %+v, want %+v", *got, tc.want)
			}
			req := s.requests()[0]
			if req.Host != "api" || req.Method != http.MethodPost || req.Path != "/api-partner/v1/apps-in-toss/order/get-order-status" {
				t.Errorf("sent %s %s to the %s host", req.Method, req.Path, req.Host)
			}
			var body map[string]any
			_ = json.Unmarshal(req.Body, &body)
			if !reflect.DeepEqual(body, map[string]any{"orderId": tc.want.OrderID}) {
				t.Errorf("body = %v", body)
			}
		})
	}
}

// The docs disagree on x-toss-user-key (reference §10.3): it is sent exactly when a user key is
// given.
func TestGetIAPOrderStatusSendsTheUserKeyOnlyWhenGiven(t *testing.T) {
	t.Parallel()
	c, s := newRuntimeClient(t, Config{}, answerWith(200, golden(t, "order-get-order-status-purchased")))
	if _, err := c.GetIAPOrderStatus(context.Background(), "o-1", 0); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetIAPOrderStatus(context.Background(), "o-1", 443731103); err != nil {
		t.Fatal(err)
	}
	reqs := s.requests()
	if _, present := reqs[0].Header[http.CanonicalHeaderKey("x-toss-user-key")]; present {
		t.Errorf("x-toss-user-key sent without a user key")
	}
	if got := reqs[1].Header.Get("x-toss-user-key"); got != "443731103" {
		t.Errorf("x-toss-user-key = %q", got)
	}
}

func TestGetIAPOrderStatusRefusesBadInputBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	c, s := newRuntimeClient(t, Config{}, answerWith(200, golden(t, "order-get-order-status-purchased")))
	if _, err := c.GetIAPOrderStatus(context.Background(), "  ", 0); err == nil {
		t.Error("blank order id accepted")
	}
	if _, err := c.GetIAPOrderStatus(context.Background(), "o", -1); err == nil {
		t.Error("negative user key accepted")
	}
	if n := len(s.requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestGetIAPOrderStatusPassesAnUndocumentedStatusThrough(t *testing.T) {
	t.Parallel()
	c, _ := newUncheckedRuntimeClient(t, Config{}, answerWith(200,
		`{"resultType":"SUCCESS","success":{"orderId":"o","status":"SOMETHING_NEW","reason":null}}`))
	got, err := c.GetIAPOrderStatus(context.Background(), "o", 0)
	if err != nil || got.Status != "SOMETHING_NEW" || got.Reason != "" {
		t.Fatalf("got %+v, %v", got, err)
	}
}
