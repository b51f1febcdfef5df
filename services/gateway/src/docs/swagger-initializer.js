// Starts Swagger UI on the gateway's own OpenAPI document. Loaded as a file (no inline script),
// so the docs page runs under a Content-Security-Policy that allows scripts from 'self' only.
window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/api/v1/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    // No calls to validator.swagger.io: the page talks to this gateway only.
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
