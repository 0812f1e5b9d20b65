package emulator

import "fmt"

// PayHolds is the body and answer of /_emulator/payment-holds: switches that stop Toss Pay's
// execute and refund half-way, so that the documented intermediate states PAY_PROGRESS and
// REFUND_PROGRESS (reference §3.7) are reached through the flow, as a slow bank makes them,
// rather than only by seeding. A held call answers HTTP_TIMEOUT; the payment stays in progress
// until POST /_emulator/payments/{orderNo}/complete.
type PayHolds struct {
	// Execute holds execute-payment at PAY_PROGRESS.
	Execute bool `json:"execute"`
	// Refund holds refund-payment at REFUND_PROGRESS.
	Refund bool `json:"refund"`
}

// adminGetPayHolds is GET /_emulator/payment-holds.
func (e *Emulator) adminGetPayHolds(c *call) (any, error) {
	return e.withApp(c, func(a *appState) (any, error) { return a.PayHolds, nil })
}

// adminSetPayHolds is POST /_emulator/payment-holds: the body replaces both switches (an absent
// one is off). It acts on the caller's app and on calls made after it.
func (e *Emulator) adminSetPayHolds(c *call) (any, error) {
	var holds PayHolds
	if err := decodeBody(c.body, &holds); err != nil {
		return nil, err
	}
	return e.withApp(c, func(a *appState) (any, error) {
		a.PayHolds = holds
		return a.PayHolds, nil
	})
}

// adminCompletePayment is POST /_emulator/payments/{orderNo}/complete: the bank answers at last,
// PAY_PROGRESS → PAY_COMPLETE or REFUND_PROGRESS → REFUND_SUCCESS, with the transaction that
// step records.
func (e *Emulator) adminCompletePayment(c *call) (any, error) {
	orderNo := c.r.PathValue("orderNo")
	return e.withApp(c, func(a *appState) (any, error) {
		p, ok := a.Payments[orderNo]
		if !ok {
			return nil, notFound(fmt.Sprintf("no payment %q in app %s", orderNo, c.app))
		}
		switch p.Status {
		case payProgress:
			p.complete(c.now)
		case refundProgress:
			p.refund(c.now)
		default:
			return nil, conflict(fmt.Sprintf("only a payment in PAY_PROGRESS or REFUND_PROGRESS can complete; %q is %s",
				orderNo, p.Status))
		}
		return paymentSummary(p), nil
	})
}
