package emulator

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Toss Pay payment statuses (reference §3.7).
const (
	payStandby                 = "PAY_STANDBY"
	payApproved                = "PAY_APPROVED"
	payCancel                  = "PAY_CANCEL"
	payProgress                = "PAY_PROGRESS"
	payComplete                = "PAY_COMPLETE"
	refundProgress             = "REFUND_PROGRESS"
	refundSuccess              = "REFUND_SUCCESS"
	settlementComplete         = "SETTLEMENT_COMPLETE"
	settlementRefundComplete   = "SETTLEMENT_REFUND_COMPLETE"
	codePaymentExisting        = "PAYMENT_EXISTING_PAYMENT"
	codePaymentInvalidStatus   = "PAYMENT_INVALID_STATUS" // emulator's own: the docs name no code
	payMethodTossMoney         = "TOSS_MONEY"
	payMethodCard              = "CARD"
	maxPayAmount               = 9_999_999 // OAS: "Max Length 7"
	maxProductDescRunes        = 255
	maxRefundReasonRunes       = 55
	payTokenLength             = 22
	stateMsgComplete           = "결제 완료"
	transactionStepPay         = "PAY"
	transactionStepRefund      = "REFUND"
	tossBankCode, tossBankName = "092", "토스뱅크"
)

// payStatuses are the nine documented payStatus values (reference §3.7).
var payStatuses = []string{payStandby, payApproved, payCancel, payProgress, payComplete, refundProgress,
	refundSuccess, settlementComplete, settlementRefundComplete}

// orderNoPattern is the documented rule: digits, letters and _-:.^@, at most 50 characters.
var orderNoPattern = regexp.MustCompile(`^[0-9A-Za-z_\-:.^@]{1,50}$`)

// refundReasonPattern: Korean, digits, letters and _ - : . ^ @ ( ) [ ] # / ! % ? & (reference
// §3.5). Spaces are accepted too: real reasons ("고객 요청") have them and the list is a sample.
var refundReasonPattern = regexp.MustCompile(`^[가-힣ㄱ-ㅎㅏ-ㅣ0-9A-Za-z_\-:.^@()\[\]#/!%?& ]+$`)

// payment is one Toss Pay order of one app, keyed by orderNo.
type payment struct {
	UserKey                int64         `json:"userKey"`
	OrderNo                string        `json:"orderNo"`
	PayToken               string        `json:"payToken"`
	ProductDesc            string        `json:"productDesc"`
	Amount                 int64         `json:"amount"`
	AmountTaxFree          int64         `json:"amountTaxFree"`
	AmountTaxable          int64         `json:"amountTaxable"`
	AmountVat              int64         `json:"amountVat"`
	AmountServiceFee       int64         `json:"amountServiceFee"`
	EnablePayMethods       string        `json:"enablePayMethods,omitempty"`
	CashReceipt            bool          `json:"cashReceipt"`
	CashReceiptTradeOption string        `json:"cashReceiptTradeOption"`
	Installment            string        `json:"installment"`
	Test                   bool          `json:"isTestPayment"`
	Status                 string        `json:"payStatus"`
	PayMethod              string        `json:"payMethod,omitempty"`
	CreatedAt              time.Time     `json:"createdAt"`
	PaidAt                 time.Time     `json:"paidAt,omitzero"`
	Transactions           []transaction `json:"transactions"`
}

type transaction struct {
	StepType          string    `json:"stepType"`
	TransactionID     string    `json:"transactionId"`
	PaidAmount        int64     `json:"paidAmount"`
	TransactionAmount int64     `json:"transactionAmount"`
	At                time.Time `json:"at"`
}

func (p *payment) mode() string {
	if p.Test {
		return "TEST"
	}
	return "LIVE"
}

// makePaymentRequest is make-payment's body (reference §3.3). Pointers tell absent from zero.
type makePaymentRequest struct {
	OrderNo                *string `json:"orderNo"`
	ProductDesc            *string `json:"productDesc"`
	Amount                 *int64  `json:"amount"`
	AmountTaxFree          *int64  `json:"amountTaxFree"`
	AmountTaxable          *int64  `json:"amountTaxable"`
	AmountVat              *int64  `json:"amountVat"`
	AmountServiceFee       *int64  `json:"amountServiceFee"`
	EnablePayMethods       *string `json:"enablePayMethods"`
	CashReceipt            *bool   `json:"cashReceipt"`
	CashReceiptTradeOption *string `json:"cashReceiptTradeOption"`
	Installment            *string `json:"installment"`
	IsTestPayment          *bool   `json:"isTestPayment"`
}

// toPayment validates the documented rules and fills the amounts the server computes.
func (req makePaymentRequest) toPayment(userKey int64, now time.Time) (*payment, error) {
	if req.OrderNo == nil || !orderNoPattern.MatchString(*req.OrderNo) {
		return nil, invalidParameter("orderNo", "orderNo는 영문, 숫자, _-:.^@ 로 50자 이내여야 해요.")
	}
	if req.ProductDesc == nil || strings.TrimSpace(*req.ProductDesc) == "" ||
		utf8.RuneCountInString(*req.ProductDesc) > maxProductDescRunes || strings.ContainsAny(*req.ProductDesc, "\\\"") {
		return nil, invalidParameter("productDesc", "productDesc는 255자 이내, 공백만으로 된 값이나 \\ 와 \" 는 쓸 수 없어요.")
	}
	if req.Amount == nil || *req.Amount <= 0 || *req.Amount > maxPayAmount {
		return nil, invalidParameter("amount", "amount는 1 이상 9,999,999 이하의 정수여야 해요.")
	}
	if req.AmountTaxFree == nil || *req.AmountTaxFree < 0 || *req.AmountTaxFree > *req.Amount {
		return nil, invalidParameter("amountTaxFree", "amountTaxFree는 0 이상 amount 이하의 정수여야 해요.")
	}
	if req.IsTestPayment == nil {
		return nil, invalidParameter("isTestPayment", "isTestPayment가 필요해요.")
	}
	p := &payment{UserKey: userKey, OrderNo: *req.OrderNo, ProductDesc: *req.ProductDesc, Amount: *req.Amount,
		AmountTaxFree: *req.AmountTaxFree, Test: *req.IsTestPayment, Status: payStandby, CreatedAt: now,
		CashReceiptTradeOption: "GENERAL", Installment: "USE", Transactions: []transaction{}}
	// Defaults as Toss Pay computes them: VAT is the taxable share ÷ 11 rounded up, and
	// amountTaxable is the supply value net of that VAT (3,000 → 2,727 + 273).
	p.AmountVat = (p.Amount - p.AmountTaxFree + 10) / 11
	if req.AmountVat != nil {
		if *req.AmountVat < 0 || *req.AmountVat > p.Amount {
			return nil, invalidParameter("amountVat", "amountVat는 0 이상 amount 이하여야 해요.")
		}
		p.AmountVat = *req.AmountVat
	}
	p.AmountTaxable = max(0, p.Amount-p.AmountTaxFree-p.AmountVat)
	if req.AmountTaxable != nil {
		if *req.AmountTaxable < 0 || *req.AmountTaxable > p.Amount {
			return nil, invalidParameter("amountTaxable", "amountTaxable은 0 이상 amount 이하여야 해요.")
		}
		p.AmountTaxable = *req.AmountTaxable
	}
	if req.AmountServiceFee != nil {
		if *req.AmountServiceFee < 0 {
			return nil, invalidParameter("amountServiceFee", "amountServiceFee는 0 이상이어야 해요.")
		}
		p.AmountServiceFee = *req.AmountServiceFee
	}
	if req.EnablePayMethods != nil {
		p.EnablePayMethods = *req.EnablePayMethods // other values mean "merchant default"
	}
	if req.CashReceipt != nil {
		p.CashReceipt = *req.CashReceipt
	}
	if req.CashReceiptTradeOption != nil && *req.CashReceiptTradeOption != "" {
		if !slices.Contains([]string{"GENERAL", "CULTURE", "PUBLIC_TP"}, *req.CashReceiptTradeOption) {
			return nil, invalidParameter("cashReceiptTradeOption", "cashReceiptTradeOption은 GENERAL, CULTURE, PUBLIC_TP 중 하나예요.")
		}
		p.CashReceiptTradeOption = *req.CashReceiptTradeOption
	}
	if req.Installment != nil && *req.Installment != "" {
		if *req.Installment != "USE" && *req.Installment != "NOT_USE" {
			return nil, invalidParameter("installment", "installment는 USE 또는 NOT_USE예요.")
		}
		p.Installment = *req.Installment
	}
	return p, nil
}

// addPayment stores a new payment; a used orderNo is PAYMENT_EXISTING_PAYMENT (HTTP 200 FAIL),
// test and live alike, as the docs ask merchants to avoid collisions between them.
func (a *appState) addPayment(p *payment) error {
	if _, exists := a.Payments[p.OrderNo]; exists {
		return businessError(codePaymentExisting, "이미 존재하는 결제예요.")
	}
	p.PayToken = a.unusedPayToken()
	a.Payments[p.OrderNo] = p
	return nil
}

func (a *appState) unusedPayToken() string {
	for {
		tok := randomAlnum(payTokenLength)
		if a.paymentByToken(tok) == nil {
			return tok
		}
	}
}

func (a *appState) paymentByToken(tok string) *payment {
	for _, p := range a.Payments {
		if p.PayToken == tok {
			return p
		}
	}
	return nil
}

// makePayment creates a payment in PAY_STANDBY and returns its payToken.
func (e *Emulator) makePayment(c *call) (any, error) {
	var req makePaymentRequest
	if err := decodeBody(c.body, &req); err != nil {
		return nil, err
	}
	return e.withApp(c, func(a *appState) (any, error) {
		u, err := a.userFromHeaders(c.r, true, unknownUser400)
		if err != nil {
			return nil, err
		}
		p, err := req.toPayment(u.UserKey, c.now)
		if err != nil {
			return nil, err
		}
		if err := a.addPayment(p); err != nil {
			return nil, err
		}
		return map[string]any{"payToken": p.PayToken}, nil
	})
}

// paymentOfRequest finds the payment a pay call addresses and checks that it belongs to the
// calling user and to the mode (isTestPayment) it was issued in. missing answers for a payToken
// or orderNo that names no payment.
func (a *appState) paymentOfRequest(c *call, payToken, orderNo *string, isTest *bool, missing func(field string) error) (*payment, error) {
	u, err := a.userFromHeaders(c.r, true, unknownUser400)
	if err != nil {
		return nil, err
	}
	if isTest == nil {
		return nil, invalidParameter("isTestPayment", "isTestPayment가 필요해요.")
	}
	var p *payment
	switch {
	case payToken != nil && *payToken != "":
		p = a.paymentByToken(*payToken)
		if p == nil {
			return nil, missing("payToken")
		}
		if orderNo != nil && *orderNo != "" && *orderNo != p.OrderNo {
			return nil, invalidParameter("orderNo", "orderNo가 payToken의 주문과 달라요.")
		}
	case orderNo != nil && *orderNo != "":
		p = a.Payments[*orderNo]
		if p == nil {
			return nil, missing("orderNo")
		}
	default:
		return nil, invalidParameter("payToken", "payToken이 필요해요.")
	}
	if p.UserKey != u.UserKey {
		return nil, invalidParameter(headerUserKey, "다른 사용자의 결제예요.")
	}
	if p.Test != *isTest {
		return nil, invalidParameter("isTestPayment", "isTestPayment가 결제를 만들 때와 달라요.")
	}
	return p, nil
}

// executePayment withdraws the money of a payment the buyer authenticated (PAY_APPROVED, which
// POST /_emulator/payments/{orderNo}/approve stands in for) and completes it. While the app's
// execute hold is on (POST /_emulator/payment-holds) the payment stops at PAY_PROGRESS and the
// call answers HTTP_TIMEOUT, the case the docs' QA guidance reconciles with get-payment-status.
func (e *Emulator) executePayment(c *call) (any, error) {
	var req struct {
		PayToken      *string `json:"payToken"`
		OrderNo       *string `json:"orderNo"`
		IsTestPayment *bool   `json:"isTestPayment"`
	}
	if err := decodeBody(c.body, &req); err != nil {
		return nil, err
	}
	if req.PayToken == nil || *req.PayToken == "" {
		return nil, invalidParameter("payToken", "payToken이 필요해요.")
	}
	return e.withApp(c, func(a *appState) (any, error) {
		p, err := a.paymentOfRequest(c, req.PayToken, req.OrderNo, req.IsTestPayment, unknownPayment400)
		if err != nil {
			return nil, err
		}
		if p.Status != payApproved {
			return nil, businessError(codePaymentInvalidStatus,
				fmt.Sprintf("구매자 인증이 끝난 결제(PAY_APPROVED)만 승인할 수 있어요. 현재 상태: %s", p.Status))
		}
		if a.PayHolds.Execute {
			p.Status = payProgress
			return nil, &unsettledResult{ResultType: resultHTTPTimeout}
		}
		p.complete(c.now)
		return p.executeResult(), nil
	})
}

// complete moves an approved payment to PAY_COMPLETE with its PAY transaction.
func (p *payment) complete(now time.Time) {
	if p.PayMethod == "" {
		p.PayMethod = payMethodTossMoney
		if p.EnablePayMethods == payMethodCard {
			p.PayMethod = payMethodCard
		}
	}
	p.Status = payComplete
	p.PaidAt = now
	p.Transactions = append(p.Transactions, transaction{StepType: transactionStepPay, TransactionID: newUUIDv7(),
		PaidAmount: p.Amount, TransactionAmount: p.Amount, At: now})
}

// refund moves a completed payment (or one whose refund was held) to REFUND_SUCCESS with a
// REFUND transaction of the whole amount.
func (p *payment) refund(now time.Time) transaction {
	t := transaction{StepType: transactionStepRefund, TransactionID: newUUIDv7(),
		PaidAmount: p.Amount, TransactionAmount: -p.Amount, At: now}
	p.Transactions = append(p.Transactions, t)
	p.Status = refundSuccess
	return t
}

func (p *payment) lastTransaction(step string) transaction {
	for i := len(p.Transactions) - 1; i >= 0; i-- {
		if p.Transactions[i].StepType == step {
			return p.Transactions[i]
		}
	}
	return transaction{}
}

// executeResult is execute-payment's success, shaped like the guide's sample: msg and errorCode
// null on success, and the fields of the method not used (card or account) present as null.
func (p *payment) executeResult() map[string]any {
	out := map[string]any{
		"code": 0, "mode": p.mode(), "orderNo": p.OrderNo, "amount": p.Amount,
		"approvalTime": payTime(p.PaidAt), "stateMsg": stateMsgComplete, "discountedAmount": 0,
		"paidAmount": p.Amount, "payMethod": p.PayMethod, "payToken": p.PayToken,
		"transactionId":     p.lastTransaction(transactionStepPay).TransactionID,
		"cashReceiptMgtKey": nil, "msg": nil, "errorCode": nil,
	}
	card := p.cardDetails()
	for _, k := range cardFields {
		out[k] = card[k] // nil when the method is not CARD
	}
	maps.Copy(out, p.accountDetails())
	return out
}

// cardFields are the card details of execute-payment (flat) and get-payment-status (card{}).
var cardFields = []string{"cardCompanyCode", "cardCompanyName", "cardAuthorizationNo", "spreadOut", "noInterest",
	"salesCheckLinkUrl", "cardMethodType", "cardNumber", "cardUserType", "cardNum4Print", "cardBinNumber"}

// refundCardFields are the card details refund-payment documents.
var refundCardFields = []string{"cardMethodType", "cardNumber", "cardUserType", "cardNum4Print", "cardBinNumber"}

// cardDetails are a fixed, plausible card (신한 credit card, lump sum); nil for Toss money.
func (p *payment) cardDetails() map[string]any {
	if p.PayMethod != payMethodCard {
		return nil
	}
	return map[string]any{
		"cardCompanyCode": 1, "cardCompanyName": "신한", "cardAuthorizationNo": "30012345",
		"spreadOut": 0, "noInterest": false, "cardMethodType": "CREDIT", "cardUserType": "PERSONAL",
		"cardNumber": "4330-12**-****-123*", "cardNum4Print": "1234", "cardBinNumber": "433012",
		"salesCheckLinkUrl": "https://pay.toss.im/payfront/web/external/sales-check?payToken=" + p.PayToken,
	}
}

// accountDetails are the Toss money account (토스뱅크, masked), or nulls for a card payment.
func (p *payment) accountDetails() map[string]any {
	if p.PayMethod == payMethodCard || p.PayMethod == "" {
		return map[string]any{"accountBankCode": nil, "accountBankName": nil, "accountNumber": nil}
	}
	return map[string]any{"accountBankCode": tossBankCode, "accountBankName": tossBankName, "accountNumber": "100******094"}
}

// refundPayment refunds a completed payment in full (the docs have no amount field, so no
// partial refunds) and records a REFUND transaction with a negative amount. While the app's
// refund hold is on, the payment stops at REFUND_PROGRESS and the call answers HTTP_TIMEOUT.
func (e *Emulator) refundPayment(c *call) (any, error) {
	var req struct {
		PayToken      *string `json:"payToken"`
		Reason        *string `json:"reason"`
		IsTestPayment *bool   `json:"isTestPayment"`
	}
	if err := decodeBody(c.body, &req); err != nil {
		return nil, err
	}
	if req.PayToken == nil || *req.PayToken == "" {
		return nil, invalidParameter("payToken", "payToken이 필요해요.")
	}
	// The guide requires reason, the OAS makes it optional (max 55): accept both.
	if req.Reason != nil && *req.Reason != "" &&
		(utf8.RuneCountInString(*req.Reason) > maxRefundReasonRunes || !refundReasonPattern.MatchString(*req.Reason)) {
		return nil, invalidParameter("reason", "reason은 55자 이내의 한글, 영문, 숫자와 _-:.^@()[]#/!%?& 로 써 주세요.")
	}
	return e.withApp(c, func(a *appState) (any, error) {
		p, err := a.paymentOfRequest(c, req.PayToken, nil, req.IsTestPayment, unknownPayment400)
		if err != nil {
			return nil, err
		}
		if p.Status != payComplete {
			return nil, businessError(codePaymentInvalidStatus,
				fmt.Sprintf("완료된 결제(PAY_COMPLETE)만 환불할 수 있어요. 현재 상태: %s", p.Status))
		}
		if a.PayHolds.Refund {
			p.Status = refundProgress
			return nil, &unsettledResult{ResultType: resultHTTPTimeout}
		}
		refund := p.refund(c.now)
		out := map[string]any{
			"refundNo": randomAlnum(20), "approvalTime": payTime(c.now), "cashReceiptMgtKey": nil,
			"refundableAmount": 0, "discountedAmount": 0, "paidAmount": p.Amount, "refundedAmount": p.Amount,
			"refundedDiscountAmount": 0, "refundedPaidAmount": p.Amount, "payToken": p.PayToken,
			"transactionId": refund.TransactionID,
		}
		card := p.cardDetails()
		for _, k := range refundCardFields {
			out[k] = card[k]
		}
		maps.Copy(out, p.accountDetails())
		return out, nil
	})
}

// getPaymentStatus reads a payment by payToken or orderNo. The guide requires both, the OAS
// either one (reference §10.6): either is accepted, and both must agree. A payment that does not
// exist is HTTP 404, as the OAS declares.
func (e *Emulator) getPaymentStatus(c *call) (any, error) {
	var req struct {
		PayToken      *string `json:"payToken"`
		OrderNo       *string `json:"orderNo"`
		IsTestPayment *bool   `json:"isTestPayment"`
	}
	if err := decodeBody(c.body, &req); err != nil {
		return nil, err
	}
	return e.withApp(c, func(a *appState) (any, error) {
		p, err := a.paymentOfRequest(c, req.PayToken, req.OrderNo, req.IsTestPayment, unknownPayment404)
		if err != nil {
			return nil, err
		}
		return p.statusView(), nil
	})
}

// unknownPayment400 answers execute and refund, which declare only 200/400.
func unknownPayment400(field string) error {
	return invalidParameter(field, field+"에 해당하는 결제가 없어요.")
}

// unknownPayment404 answers get-payment-status, which declares 404.
func unknownPayment404(string) error { return notFound("결제를 찾을 수 없어요.") }

func (p *payment) statusView() map[string]any {
	refundable, paid := int64(0), int64(0)
	if p.Status == payComplete {
		refundable = p.Amount
	}
	if !p.PaidAt.IsZero() {
		paid = p.Amount
	}
	txs := make([]map[string]any, 0, len(p.Transactions))
	for _, t := range p.Transactions {
		txs = append(txs, map[string]any{"stepType": t.StepType, "transactionId": t.TransactionID,
			"paidAmount": t.PaidAmount, "transactionAmount": t.TransactionAmount, "discountedAmount": 0,
			"pointAmount": 0, "regTs": payTime(t.At)})
	}
	out := map[string]any{
		"mode": p.mode(), "payToken": p.PayToken, "orderNo": p.OrderNo, "payStatus": p.Status,
		"amount": p.Amount, "discountedAmount": 0, "discountAmountV2": 0, "paidPointV2": 0,
		"paidAmount": paid, "refundableAmount": refundable, "amountTaxable": p.AmountTaxable,
		"amountTaxFree": p.AmountTaxFree, "amountVat": p.AmountVat, "amountServiceFee": p.AmountServiceFee,
		"disposableCupDeposit": 0, "transactions": txs, "createdTs": payTime(p.CreatedAt),
	}
	out["payMethod"] = nil // not chosen until the buyer pays
	if p.PayMethod != "" {
		out["payMethod"] = p.PayMethod
	}
	if card := p.cardDetails(); card != nil {
		out["card"] = card
	} else {
		out["card"] = nil
	}
	maps.Copy(out, p.accountDetails())
	out["paidTs"] = nil
	if !p.PaidAt.IsZero() {
		out["paidTs"] = payTime(p.PaidAt)
	}
	return out
}
