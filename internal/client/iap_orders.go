package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// In-app purchase order status (reference §4.1): the one server API of IAP. Purchases happen in
// the SDK; the partner can only read an order.

const orderGetOrderStatusPath = "/api-partner/v1/apps-in-toss/order/get-order-status"

// IAP order statuses (reference §4.1). NOT_FOUND, MINIAPP_MISMATCH and ERROR are answers, not
// failures: get-order-status reports them with resultType SUCCESS.
const (
	IAPOrderPurchased        = "PURCHASED"         // current doc: paid and granted
	IAPOrderPaymentCompleted = "PAYMENT_COMPLETED" // current doc: paid, grant not done (older doc: paid and granted)
	IAPOrderFailed           = "FAILED"
	IAPOrderRefunded         = "REFUNDED"
	IAPOrderInProgress       = "ORDER_IN_PROGRESS"
	IAPOrderNotFound         = "NOT_FOUND"
	IAPOrderMiniappMismatch  = "MINIAPP_MISMATCH" // the order belongs to another mini-app
	IAPOrderError            = "ERROR"
)

// IAPOrderStatuses is every documented order status, in the docs' order.
var IAPOrderStatuses = []string{IAPOrderPurchased, IAPOrderPaymentCompleted, IAPOrderFailed, IAPOrderRefunded,
	IAPOrderInProgress, IAPOrderNotFound, IAPOrderMiniappMismatch, IAPOrderError}

// IAPOrder is get-order-status's answer. SKU and StatusDeterminedAt are "" when the server leaves
// them out (NOT_FOUND, MINIAPP_MISMATCH, ERROR, and orders not decided yet).
type IAPOrder struct {
	OrderID string
	SKU     string
	Status  string
	// StatusDeterminedAt is when the order completed (or was refunded), as the server sends it:
	// the docs declare yyyy-MM-dd'T'HH:mm:ssZ, the samples carry no zone.
	StatusDeterminedAt string
	Reason             string
}

type iapOrderPayload struct {
	OrderID            string  `json:"orderId"`
	SKU                *string `json:"sku"`
	Status             string  `json:"status"`
	StatusDeterminedAt *string `json:"statusDeterminedAt"`
	Reason             *string `json:"reason"`
}

// GetIAPOrderStatus reads an order (POST get-order-status). userKey 0 sends no x-toss-user-key:
// the docs disagree on whether it is required (reference §10.3), and the mini-app is identified
// by its certificate either way. A status outside the documented eight is passed through.
func (c *Client) GetIAPOrderStatus(ctx context.Context, orderID string, userKey int64) (*IAPOrder, error) {
	if strings.TrimSpace(orderID) == "" {
		return nil, errors.New("an order id is required")
	}
	if userKey < 0 || userKey > maxUserKey {
		return nil, fmt.Errorf("user key %d is not a positive integer below 2^53", userKey)
	}
	var header map[string]string
	if userKey > 0 {
		header = map[string]string{"x-toss-user-key": strconv.FormatInt(userKey, 10)}
	}
	var p iapOrderPayload
	err := c.Do(ctx, Call{
		Host:   PartnerAPI,
		Method: http.MethodPost,
		Path:   orderGetOrderStatusPath,
		Header: header,
		Body:   map[string]string{"orderId": orderID},
		Safety: Read,
	}, &p)
	if err != nil {
		return nil, err
	}
	if p.Status == "" {
		return nil, &UnexpectedResponseError{Method: http.MethodPost, Path: orderGetOrderStatusPath, HTTPStatus: http.StatusOK,
			Problem: "the order status response has no status"}
	}
	id := p.OrderID
	if id == "" {
		id = orderID
	}
	return &IAPOrder{OrderID: id, SKU: deref(p.SKU), Status: p.Status,
		StatusDeterminedAt: deref(p.StatusDeterminedAt), Reason: deref(p.Reason)}, nil
}
