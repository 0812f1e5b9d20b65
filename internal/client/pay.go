package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
)

// Toss Pay (reference §3), on the pay host. Only the status read is here: the provider never
// makes, executes or refunds a payment — those move money and belong to the partner's service.

const payGetPaymentStatusPath = "/api-partner/v1/apps-in-toss/pay/get-payment-status"

// Payment statuses (reference §3.7).
const (
	PayStandby               = "PAY_STANDBY"                // 결제 대기 중: created, not authenticated yet
	PayApproved              = "PAY_APPROVED"               // 구매자 인증 완료: the buyer authenticated in the app
	PayCancel                = "PAY_CANCEL"                 // 결제 취소
	PayProgress              = "PAY_PROGRESS"               // 결제 진행 중
	PayComplete              = "PAY_COMPLETE"               // 결제 완료
	RefundProgress           = "REFUND_PROGRESS"            // 환불 진행 중
	RefundSuccess            = "REFUND_SUCCESS"             // 환불 성공
	SettlementComplete       = "SETTLEMENT_COMPLETE"        // 정산 완료
	SettlementRefundComplete = "SETTLEMENT_REFUND_COMPLETE" // 환불 정산 완료
)

// PayStatuses is every documented payStatus, in the docs' order.
var PayStatuses = []string{PayStandby, PayApproved, PayCancel, PayProgress, PayComplete, RefundProgress,
	RefundSuccess, SettlementComplete, SettlementRefundComplete}

// PaymentStatusRequest addresses one payment. The guide requires both payToken and orderNo, the
// OAS "one of the two" (reference §10.6): OrderNo is always sent, PayToken when it is known.
type PaymentStatusRequest struct {
	UserKey  int64  // the buyer: x-toss-user-key
	OrderNo  string // the merchant order number given to make-payment
	PayToken string // optional: the token make-payment returned
	// IsTestPayment must match the payment: true for sandbox payments (the guide's reading; the
	// OAS text says the opposite, see reference §10.1).
	IsTestPayment bool
}

type paymentStatusBody struct {
	PayToken      string `json:"payToken,omitempty"`
	OrderNo       string `json:"orderNo,omitempty"`
	IsTestPayment bool   `json:"isTestPayment"`
}

// Payment is get-payment-status's answer. Amounts are KRW; nil means the server sent null or
// nothing. Times are as the server sends them (yyyy-MM-dd HH:mm:ss, no zone); "" when absent.
type Payment struct {
	Mode             string // LIVE or TEST
	PayToken         string
	OrderNo          string
	PayStatus        string
	PayMethod        string // TOSS_MONEY or CARD; "" before payment
	Amount           *int64
	DiscountedAmount *int64
	PaidAmount       *int64
	RefundableAmount *int64
	CreatedAt        string // createdTs: when the payment was first requested
	PaidAt           string // paidTs
	Transactions     []PaymentTransaction
}

// PaymentTransaction is one PAY or REFUND step of a payment.
type PaymentTransaction struct {
	StepType          string // PAY or REFUND
	TransactionID     string
	TransactionAmount *int64 // negative for refunds
	PaidAmount        *int64
	RegisteredAt      string // regTs
}

type paymentPayload struct {
	Mode             string               `json:"mode"`
	PayToken         string               `json:"payToken"`
	OrderNo          string               `json:"orderNo"`
	PayStatus        string               `json:"payStatus"`
	PayMethod        *string              `json:"payMethod"`
	Amount           flexInt              `json:"amount"`
	DiscountedAmount flexInt              `json:"discountedAmount"`
	PaidAmount       flexInt              `json:"paidAmount"`
	RefundableAmount flexInt              `json:"refundableAmount"`
	CreatedTs        *string              `json:"createdTs"`
	PaidTs           *string              `json:"paidTs"`
	Transactions     []transactionPayload `json:"transactions"`
}

type transactionPayload struct {
	StepType          string  `json:"stepType"`
	TransactionID     *string `json:"transactionId"`
	TransactionAmount flexInt `json:"transactionAmount"`
	PaidAmount        flexInt `json:"paidAmount"`
	RegTs             *string `json:"regTs"`
}

// GetPaymentStatus reads a payment (POST get-payment-status on the pay host). A payment that does
// not exist is an error for which IsNotFound is true (the OAS declares 404).
func (c *Client) GetPaymentStatus(ctx context.Context, req PaymentStatusRequest) (*Payment, error) {
	if req.UserKey <= 0 || req.UserKey > maxUserKey {
		return nil, fmt.Errorf("user key %d is not a positive integer below 2^53", req.UserKey)
	}
	if req.OrderNo == "" && req.PayToken == "" {
		return nil, errors.New("an order number or a pay token is required")
	}
	var p paymentPayload
	err := c.Do(ctx, Call{
		Host:   PayAPI,
		Method: http.MethodPost,
		Path:   payGetPaymentStatusPath,
		Header: map[string]string{"x-toss-user-key": strconv.FormatInt(req.UserKey, 10)},
		Body:   paymentStatusBody{PayToken: req.PayToken, OrderNo: req.OrderNo, IsTestPayment: req.IsTestPayment},
		Safety: Read,
	}, &p)
	if err != nil {
		return nil, err
	}
	if p.PayStatus == "" {
		return nil, &UnexpectedResponseError{Method: http.MethodPost, Path: payGetPaymentStatusPath, HTTPStatus: http.StatusOK,
			Problem: "the payment status response has no payStatus"}
	}
	out := &Payment{
		Mode: p.Mode, PayToken: p.PayToken, OrderNo: p.OrderNo, PayStatus: p.PayStatus,
		PayMethod: deref(p.PayMethod), Amount: p.Amount.ptr(), DiscountedAmount: p.DiscountedAmount.ptr(),
		PaidAmount: p.PaidAmount.ptr(), RefundableAmount: p.RefundableAmount.ptr(),
		CreatedAt: deref(p.CreatedTs), PaidAt: deref(p.PaidTs), Transactions: make([]PaymentTransaction, 0, len(p.Transactions)),
	}
	for _, t := range p.Transactions {
		out.Transactions = append(out.Transactions, PaymentTransaction{StepType: t.StepType,
			TransactionID: deref(t.TransactionID), TransactionAmount: t.TransactionAmount.ptr(),
			PaidAmount: t.PaidAmount.ptr(), RegisteredAt: deref(t.RegTs)})
	}
	return out, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
