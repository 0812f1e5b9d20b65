package emulator

import (
	"strings"
	"time"
)

// IAP order statuses (reference §4.1). NOT_FOUND and MINIAPP_MISMATCH are answers, never stored.
const (
	iapPurchased        = "PURCHASED"
	iapPaymentCompleted = "PAYMENT_COMPLETED"
	iapFailed           = "FAILED"
	iapRefunded         = "REFUNDED"
	iapInProgress       = "ORDER_IN_PROGRESS"
	iapNotFound         = "NOT_FOUND"
	iapMiniappMismatch  = "MINIAPP_MISMATCH"
	iapError            = "ERROR"
)

// storableIAPStatuses are the statuses an order can be put in by the admin surface or a seed.
var storableIAPStatuses = []string{iapPurchased, iapPaymentCompleted, iapFailed, iapRefunded, iapInProgress, iapError}

// iapReasons are the reason texts of get-order-status: the docs' samples (결제가 완료되었어요.,
// 완료된 주문이에요., and 상품 정보가 일치하지 않아요. for MINIAPP_MISMATCH, whose meaning is 상품
// 불일치, reference §4.1), and the rest in the same voice.
var iapReasons = map[string]string{
	iapPurchased:        "완료된 주문이에요.",
	iapPaymentCompleted: "결제가 완료되었어요.",
	iapFailed:           "주문이 실패했어요.",
	iapRefunded:         "환불된 주문이에요.",
	iapInProgress:       "주문이 진행 중이에요.",
	iapNotFound:         "주문을 찾을 수 없어요.",
	iapMiniappMismatch:  "상품 정보가 일치하지 않아요.",
	iapError:            "일시적인 오류가 발생했어요.",
}

// iapOrder is an order made in the SDK (createOneTimePurchaseOrder); the partner can only read it.
type iapOrder struct {
	OrderID            string    `json:"orderId"`
	App                string    `json:"app"`
	UserKey            int64     `json:"userKey"`
	SKU                string    `json:"sku"`
	Status             string    `json:"status"`
	StatusDeterminedAt time.Time `json:"statusDeterminedAt,omitzero"`
	// ProductType is the kind of product bought, when the seed says so; otherwise it is looked up
	// in the app's catalog by sku when it matters (subscription events).
	ProductType string `json:"productType,omitempty"`
	// Subscription is the state of a SUBSCRIPTION order, once its first event (CREATED) is sent.
	Subscription *subscriptionState `json:"subscription,omitempty"`
}

// setStatus records a status; finished orders carry the time they were decided.
func (o *iapOrder) setStatus(status string, now time.Time) {
	o.Status = status
	if status == iapInProgress || status == iapError {
		o.StatusDeterminedAt = time.Time{}
	} else {
		o.StatusDeterminedAt = now
	}
}

// orderStatusView omits sku and statusDeterminedAt where the docs say they are absent
// (MINIAPP_MISMATCH, NOT_FOUND, ERROR) and where the order is not decided yet.
func orderStatusView(orderID, status string, o *iapOrder) map[string]any {
	out := map[string]any{"orderId": orderID, "status": status, "reason": iapReasons[status]}
	if o != nil && status != iapError {
		out["sku"] = o.SKU
		if !o.StatusDeterminedAt.IsZero() {
			out["statusDeterminedAt"] = orderTime(o.StatusDeterminedAt)
		}
	}
	return out
}

// getOrderStatus answers the status of an order. Partner identity is the certificate: another
// app's order is MINIAPP_MISMATCH. x-toss-user-key is optional (the docs disagree, reference
// §10.3); when sent, another user's order of the same app is NOT_FOUND.
func (e *Emulator) getOrderStatus(c *call) (any, error) {
	var req struct {
		OrderID *string `json:"orderId"`
	}
	if err := decodeBody(c.body, &req); err != nil {
		return nil, err
	}
	if req.OrderID == nil || strings.TrimSpace(*req.OrderID) == "" {
		return nil, invalidParameter("orderId", "orderId가 필요해요.")
	}
	return e.withApp(c, func(a *appState) (any, error) {
		var caller *user
		if c.r.Header.Get(headerUserKey) != "" {
			u, err := a.userFromHeaders(c.r, false, unknownUser400)
			if err != nil {
				return nil, err
			}
			caller = u
		}
		o, ok := e.st.IAPOrders[*req.OrderID]
		switch {
		case !ok || (caller != nil && o.App == c.app && o.UserKey != caller.UserKey):
			return orderStatusView(*req.OrderID, iapNotFound, nil), nil
		case o.App != c.app:
			return orderStatusView(*req.OrderID, iapMiniappMismatch, nil), nil
		}
		return orderStatusView(o.OrderID, o.Status, o), nil
	})
}
