import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { secondaryButtonClass } from '@/components/buttonStyles';
import { QueryError } from '@/components/QueryError';
import { Skeleton } from '@/components/Skeleton';
import { usePrescriptionImage, type PrescriptionImage } from '@/features/operator/api/operator';

const MIN_ZOOM = 0.5;
const MAX_ZOOM = 4;
const ZOOM_STEP = 0.25;

/**
 * The pages of a prescription with zoom and rotation. Every control is a button, and with the
 * viewer focused the keys + and - zoom, R and L rotate, 0 resets, and the arrow keys scroll.
 */
export function ImageViewer({ images }: { images: PrescriptionImage[] }) {
  const { t } = useTranslation();
  const [pageIndex, setPageIndex] = useState(0);
  const [zoom, setZoom] = useState(1);
  const [rotation, setRotation] = useState(0);
  const image = images[pageIndex];

  const zoomBy = (delta: number) => setZoom((value) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, value + delta)));
  const rotateBy = (delta: number) => setRotation((value) => (value + delta + 360) % 360);
  const reset = () => {
    setZoom(1);
    setRotation(0);
  };

  function onKeyDown(event: KeyboardEvent) {
    const actions: Record<string, () => void> = {
      '+': () => zoomBy(ZOOM_STEP),
      '=': () => zoomBy(ZOOM_STEP),
      '-': () => zoomBy(-ZOOM_STEP),
      r: () => rotateBy(90),
      l: () => rotateBy(-90),
      '0': reset,
    };
    const action = actions[event.key.toLowerCase()];
    if (!action || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    action();
  }

  if (!image) return <p className="text-sm text-slate-600">{t('operator.viewer.noImages')}</p>;
  const state = t('operator.viewer.state', { zoom: Math.round(zoom * 100), rotation });

  return (
    <section aria-label={t('operator.viewer.label')} className="space-y-2">
      {images.length > 1 && (
        <div className="flex flex-wrap gap-2" role="group" aria-label={t('operator.viewer.pages')}>
          {images.map((page, index) => (
            <button
              key={page.id}
              type="button"
              aria-pressed={index === pageIndex}
              className={`${secondaryButtonClass} px-3 py-1 text-sm ${index === pageIndex ? 'ring-2 ring-brand-700' : ''}`}
              onClick={() => {
                setPageIndex(index);
                reset();
              }}
            >
              {t('operator.viewer.page', { n: index + 1 })}
            </button>
          ))}
        </div>
      )}
      <div className="flex flex-wrap gap-2" role="toolbar" aria-label={t('operator.viewer.tools')} aria-controls="prescription-canvas">
        <button type="button" className={`${secondaryButtonClass} px-3 py-1`} onClick={() => zoomBy(ZOOM_STEP)} disabled={zoom >= MAX_ZOOM}>
          {t('operator.viewer.zoomIn')}
        </button>
        <button type="button" className={`${secondaryButtonClass} px-3 py-1`} onClick={() => zoomBy(-ZOOM_STEP)} disabled={zoom <= MIN_ZOOM}>
          {t('operator.viewer.zoomOut')}
        </button>
        <button type="button" className={`${secondaryButtonClass} px-3 py-1`} onClick={() => rotateBy(-90)}>
          {t('operator.viewer.rotateLeft')}
        </button>
        <button type="button" className={`${secondaryButtonClass} px-3 py-1`} onClick={() => rotateBy(90)}>
          {t('operator.viewer.rotateRight')}
        </button>
        <button type="button" className={`${secondaryButtonClass} px-3 py-1`} onClick={reset}>
          {t('operator.viewer.reset')}
        </button>
      </div>
      <p className="text-xs text-slate-500">{t('operator.viewer.keys')}</p>
      <div
        id="prescription-canvas"
        tabIndex={0}
        role="group"
        aria-label={t('operator.viewer.canvas', { n: pageIndex + 1 })}
        aria-describedby="prescription-viewer-state"
        onKeyDown={onKeyDown}
        className="flex h-[60vh] min-h-72 overflow-auto rounded-lg bg-slate-900 p-2 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-700"
      >
        <PageImage key={image.id} image={image} zoom={zoom} rotation={rotation} alt={t('operator.viewer.alt', { n: pageIndex + 1 })} />
      </div>
      <p id="prescription-viewer-state" aria-live="polite" data-testid="viewer-state" className="text-sm text-slate-700">
        {state}
      </p>
    </section>
  );
}

function PageImage({ image, zoom, rotation, alt }: { image: PrescriptionImage; zoom: number; rotation: number; alt: string }) {
  const { t } = useTranslation();
  const file = usePrescriptionImage(image.url);
  if (file.isError) return <QueryError title={t('operator.viewer.loadError')} error={file.error} onRetry={() => void file.refetch()} />;
  if (!file.objectUrl) return <Skeleton className="h-64 w-48" />;
  // The zoom widens the page's box, so the canvas scrolls over it; `m-auto` keeps it centred
  // while it fits and scrollable to every edge once it does not.
  return (
    <div className="m-auto shrink-0" style={{ width: `${zoom * 100}%` }}>
      <img
        src={file.objectUrl}
        alt={alt}
        data-testid="prescription-image"
        data-zoom={zoom}
        data-rotation={rotation}
        style={{ transform: `rotate(${rotation}deg)` }}
        className="mx-auto w-full transition-transform duration-150"
      />
    </div>
  );
}
