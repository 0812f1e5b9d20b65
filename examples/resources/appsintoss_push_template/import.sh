# A push template is imported by its template_set_code: <appName>-<code>.
terraform import appsintoss_push_template.order_shipped demo-app-ORDER_SHIPPED
