package emulator

// Promotion tools. The console's promotion is the contract's without reviewComment, which
// promotion_review_comment reads on its own; ending (promotion_change_status ENDED) is how a
// promotion is removed, as no tool deletes one.

// consolePromotion drops the review comment from a contract view (omitempty leaves it out).
func consolePromotion(v promotionView) any {
	v.ReviewComment = ""
	return v
}

func (gw *consoleGateway) promotionList(tc *toolCall) (any, error) {
	payload, err := gw.contract(tc, gw.e.listPromotions, nil, tc.pageQuery(), nil)
	return mapPage(payload, err, consolePromotion)
}

func (gw *consoleGateway) promotionGet(tc *toolCall) (any, error) {
	return gw.promotionView(tc, gw.e.getPromotion, nil)
}

func (gw *consoleGateway) promotionCreate(tc *toolCall) (any, error) {
	v, err := viewAs[promotionView](gw.contract(tc, gw.e.createPromotion, nil, nil, tc.body()))
	if err != nil {
		return nil, err
	}
	return consolePromotion(v), nil
}

func (gw *consoleGateway) promotionModify(tc *toolCall) (any, error) {
	return gw.promotionView(tc, gw.e.updatePromotion, tc.body("promotionCode"))
}

// promotionChangeStatus starts or stops through the contract's status change and ends through
// the contract's DELETE, which is what ending means there.
func (gw *consoleGateway) promotionChangeStatus(tc *toolCall) (any, error) {
	if tc.str("status") == promotionEnded {
		return gw.promotionView(tc, gw.e.deletePromotion, nil)
	}
	return gw.promotionView(tc, gw.e.changePromotionStatus, map[string]any{"status": tc.str("status")})
}

func (gw *consoleGateway) promotionReviewComment(tc *toolCall) (any, error) {
	v, err := viewAs[promotionView](gw.contract(tc, gw.e.getPromotion,
		map[string]string{"promotionCode": tc.str("promotionCode")}, nil, nil))
	if err != nil {
		return nil, err
	}
	var comment *string // null when the reviewer left none
	if v.ReviewComment != "" {
		comment = &v.ReviewComment
	}
	return map[string]any{"promotionCode": v.PromotionCode, "reviewComment": comment}, nil
}

// promotionView runs a handler on the promotion the call names and answers the console's view.
func (gw *consoleGateway) promotionView(tc *toolCall, h handlerFunc, body map[string]any) (any, error) {
	v, err := viewAs[promotionView](gw.contract(tc, h, map[string]string{"promotionCode": tc.str("promotionCode")}, nil, body))
	if err != nil {
		return nil, err
	}
	return consolePromotion(v), nil
}
