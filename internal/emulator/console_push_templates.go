package emulator

// Push template tools. The console's template is the contract's (same field names); there is no
// get tool (a read is a list) and no delete tool.

func (gw *consoleGateway) pushTemplateList(tc *toolCall) (any, error) {
	return gw.contract(tc, gw.e.listPushTemplates, nil, tc.pageQuery(), nil)
}

func (gw *consoleGateway) pushTemplateCreate(tc *toolCall) (any, error) {
	return gw.contract(tc, gw.e.createPushTemplate, nil, nil, tc.body())
}

func (gw *consoleGateway) pushTemplateUpdate(tc *toolCall) (any, error) {
	return gw.contract(tc, gw.e.updatePushTemplate, map[string]string{"templateSetCode": tc.str("templateSetCode")},
		nil, tc.body("templateSetCode"))
}
