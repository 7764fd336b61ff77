import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export const OPENAPI_PATH = 'docs';
export const BEARER_SCHEME = 'bearer';

/** Swagger UI at `/docs`, the OpenAPI JSON at `/docs-json`, with the API-key bearer scheme declared. */
export function setupOpenApi(app: INestApplication, title: string, version = '1.0.0'): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(title)
      .setVersion(version)
      .setDescription(
        'Writes require `Authorization: Bearer <key>` when API keys are configured; reads too when API_KEYS_FOR_READS=true.',
      )
      .addBearerAuth(
        { type: 'http', scheme: 'bearer', description: 'an API key from API_KEYS' },
        BEARER_SCHEME,
      )
      .addSecurityRequirements(BEARER_SCHEME)
      .build(),
  );
  SwaggerModule.setup(OPENAPI_PATH, app, document, { jsonDocumentUrl: `${OPENAPI_PATH}-json` });
}
